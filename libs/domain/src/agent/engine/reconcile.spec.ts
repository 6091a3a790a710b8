import { photoReconcileTarget } from './reconcile';
import { freshState } from './state';

const inStep = (step: string, elementCode: string | null) => ({
  ...freshState(),
  step,
  caseId: 'case-1',
  imageTarget: { caseId: 'case-1', elementCode },
  progress: {
    categorySlug: 'motos-part',
    elementCodes: ['ESCAPE'],
    elementIndex: elementCode ? 0 : 1,
    phase: 'photos',
  },
});

describe('photoReconcileTarget', () => {
  it('asks for a reconciliation when the customer says "listo" in a photo step', () => {
    expect(photoReconcileTarget(inStep('collect_element_data', 'ESCAPE'), ['', 'listo'])).toEqual({
      caseId: 'case-1',
      elementCode: 'ESCAPE',
    });
    expect(photoReconcileTarget(inStep('collect_base_docs', null), ['ya está'])).toEqual({
      caseId: 'case-1',
      elementCode: null,
    });
  });

  it('not for other texts, other steps or no state', () => {
    expect(
      photoReconcileTarget(inStep('collect_element_data', 'ESCAPE'), ['hola', null]),
    ).toBeNull();
    expect(
      photoReconcileTarget({ ...inStep('collect_personal', null), imageTarget: null }, ['listo']),
    ).toBeNull();
    expect(photoReconcileTarget(null, ['listo'])).toBeNull();
  });
});
