import { AgentStep, TurnCustomer } from '../../contract';
import { categoryBySlug, workshopCertificate } from '../catalogue';
import { TurnContext } from '../context';
import { MessageView } from '../message';
import {
  CaseFieldKey,
  CaseSection,
  casePatchOf,
  customerPatchOf,
  extractSection,
  fieldsOf,
  SectionValues,
} from '../nlu';
import { workshopChoice } from '../replies/case';
import { reusePrompt, sectionPrompt } from '../replies/sections';
import { CaseProgress, EditableStep } from '../state';

const NEXT: Record<EditableStep, AgentStep> = {
  collect_element_data: 'collect_base_docs',
  collect_base_docs: 'collect_personal',
  collect_personal: 'collect_vehicle',
  collect_vehicle: 'collect_workshop',
  collect_workshop: 'review_summary',
};

export const SECTION_OF_STEP: Partial<Record<AgentStep, CaseSection>> = {
  collect_personal: 'personal',
  collect_vehicle: 'vehicle',
  collect_workshop: 'workshop',
};

/** Enters a case step: image target and the case's current_step follow it. */
export const enterStep = (ctx: TurnContext, step: AgentStep): void => {
  const state = ctx.state;
  ctx.moveTo(step);
  if (!state.caseId) return;
  state.imageTarget =
    step === 'collect_base_docs' || step === 'collect_element_data'
      ? { caseId: state.caseId, elementCode: null }
      : null;
  if (step === 'collect_personal' && state.progress) state.progress.reuseOffered = false;
  ctx.effect({
    kind: 'update_case',
    caseId: state.caseId,
    patch: { metadata: { current_step: step } },
  });
};

/** A section is complete: next section, or back to the summary when it was an edit. */
export const finishSection = (ctx: TurnContext, from: EditableStep): void => {
  const progress = ctx.state.progress;
  const editing = Boolean(progress?.editTarget);
  if (progress) progress.editTarget = null;
  enterStep(ctx, editing ? 'review_summary' : NEXT[from]);
};

const bucket = (progress: CaseProgress, section: CaseSection): Record<string, string | number> =>
  section === 'personal'
    ? progress.personal
    : section === 'vehicle'
      ? progress.vehicle
      : progress.workshop;

/** Stored customer data under the personal field keys. */
export const customerValues = (customer: TurnCustomer): Record<string, string> => {
  const pairs: [CaseFieldKey, string | null][] = [
    ['nombre', customer.firstName],
    ['apellidos', customer.lastName],
    ['dni_cif', customer.nifCif],
    ['email', customer.email],
    ['domicilio_calle', customer.domicilioCalle],
    ['domicilio_localidad', customer.domicilioLocalidad],
    ['domicilio_provincia', customer.domicilioProvincia],
    ['domicilio_cp', customer.domicilioCp],
  ];
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) if (value && value.trim()) out[key] = value.trim();
  return out;
};

/** Required fields of a section not collected yet (all of them while editing). */
export const missingKeys = (progress: CaseProgress, section: CaseSection): CaseFieldKey[] => {
  const values = bucket(progress, section);
  return fieldsOf(section)
    .filter((def) => def.required && !(def.key in values))
    .map((def) => def.key);
};

const optionalKeys = (progress: CaseProgress, section: CaseSection): CaseFieldKey[] => {
  const values = bucket(progress, section);
  return fieldsOf(section)
    .filter((def) => !def.required && !(def.key in values) && !progress.skipped.includes(def.key))
    .map((def) => def.key);
};

/** Saves validated section values: customer fields to the customer, the rest to the case. */
export const saveSectionValues = (
  ctx: TurnContext,
  section: CaseSection,
  values: SectionValues,
): void => {
  const progress = ctx.state.progress;
  const caseId = ctx.state.caseId;
  if (!progress || !caseId || Object.keys(values).length === 0) return;
  Object.assign(bucket(progress, section), values);
  const customer = customerPatchOf(values);
  if (Object.keys(customer).length > 0) ctx.effect({ kind: 'update_customer', patch: customer });
  const patch = casePatchOf(values);
  if (section === 'workshop') patch.taller_propio = true;
  if (Object.keys(patch).length > 0) ctx.effect({ kind: 'update_case', caseId, patch });
  ctx.op(`save_${section === 'personal' ? 'personal' : section}_data`, {
    fields: Object.keys(values),
  });
};

const OWN_WORKSHOP = /\b(mi taller|propio|mio|mi mecanico|nuestro taller|tengo taller|uno mio)\b/;
const MSI_WORKSHOP =
  /\b(vuestro|vosotros|msi|concertado|tuyo|el vuestro|no tengo taller|sin taller|el de msi|el certificado de msi)\b/;

/** The workshop choice: own workshop (its 8 fields) or the partner workshop's certificate. */
const handleWorkshopChoice = (
  ctx: TurnContext,
  msg: MessageView,
  progress: CaseProgress,
): boolean => {
  const msi = MSI_WORKSHOP.test(msg.folded);
  const own = !msi && OWN_WORKSHOP.test(msg.folded);
  if (!msi && !own) return false;
  const caseId = ctx.state.caseId;
  if (!caseId) return false;
  progress.tallerPropio = own;
  ctx.op('choose_workshop', { own });
  if (own) {
    ctx.effect({ kind: 'update_case', caseId, patch: { taller_propio: true } });
    return true;
  }
  progress.workshop = {};
  ctx.effect({
    kind: 'update_case',
    caseId,
    patch: {
      taller_propio: false,
      taller_nombre: null,
      taller_responsable: null,
      taller_domicilio: null,
      taller_provincia: null,
      taller_ciudad: null,
      taller_telefono: null,
      taller_registro_industrial: null,
      taller_actividad: null,
    },
  });
  finishSection(ctx, 'collect_workshop');
  return true;
};

/** A message in collect_personal / collect_vehicle / collect_workshop. */
export const handleSectionMessage = (
  ctx: TurnContext,
  msg: MessageView,
  section: CaseSection,
): boolean => {
  const progress = ctx.state.progress;
  if (!progress || msg.text.trim() === '') return false;
  const step: EditableStep =
    section === 'personal'
      ? 'collect_personal'
      : section === 'vehicle'
        ? 'collect_vehicle'
        : 'collect_workshop';
  if (section === 'personal' && progress.reuseOffered) {
    if (msg.u.confirmation === 'confirmed') {
      progress.reuseOffered = false;
      Object.assign(progress.personal, customerValues(ctx.input.customer));
      ctx.op('save_personal_data', { reused: Object.keys(progress.personal) });
      if (missingKeys(progress, section).length === 0) finishSection(ctx, step);
      return true;
    }
    if (msg.u.confirmation === 'rejected') {
      progress.reuseOffered = false;
      progress.personal = {};
      ctx.say('Vale, vamos a actualizarlos.');
    }
  }
  if (section === 'workshop' && progress.tallerPropio !== true) {
    if (handleWorkshopChoice(ctx, msg, progress)) return true;
    if (progress.tallerPropio === null) return false;
  }
  const editing = progress.editTarget === step;
  const missing = missingKeys(progress, section);
  const optional = optionalKeys(progress, section);
  const expected = editing ? fieldsOf(section).map((def) => def.key) : [...missing, ...optional];
  let { values, errors } = extractSection(msg.text, section, expected, ctx.now);
  const first = missing[0];
  // A request ("quiero cambiar el email") or a question is never the bare answer to a field.
  const request = msg.u.isQuestion || msg.u.intents.has('edit') || msg.u.intents.has('correction');
  if (Object.keys(values).length === 0 && errors.length === 0 && first && !editing && !request) {
    // A bare answer ("Alcobendas") answers the field asked on its own.
    ({ values, errors } = extractSection(msg.text, section, [first], ctx.now));
  }
  const saved = Object.keys(values).length > 0;
  if (!editing && missing.length === 0 && optional.length > 0) {
    // Only optional fields were asked: a value or "no lo tengo" ends the section; a wrong
    // value (a VIN with an O) is re-asked rather than silently dropped.
    if (!saved && errors.length > 0) {
      for (const error of errors) ctx.say(error);
      ctx.op(`save_${section}_data`, { fields: [] }, 'error', errors.join(' '));
      return true;
    }
    if (saved) saveSectionValues(ctx, section, values);
    else progress.skipped.push(...optional);
    finishSection(ctx, step);
    return true;
  }
  if (!saved && errors.length === 0) return false;
  saveSectionValues(ctx, section, values);
  for (const error of errors) ctx.say(error);
  const stillMissing = missingKeys(progress, section).length > 0;
  if (
    editing ? saved && !stillMissing : !stillMissing && optionalKeys(progress, section).length === 0
  ) {
    finishSection(ctx, step);
  }
  return true;
};

/** The question of a data section: reuse of stored data, the workshop choice, or missing fields. */
export const sectionPromptOf = (
  ctx: TurnContext,
  section: CaseSection,
): { key: string; text: string } | null => {
  const progress = ctx.state.progress;
  if (!progress) return null;
  const step =
    section === 'personal'
      ? 'collect_personal'
      : section === 'vehicle'
        ? 'collect_vehicle'
        : 'collect_workshop';
  if (
    section === 'personal' &&
    !progress.editTarget &&
    Object.keys(progress.personal).length === 0
  ) {
    const stored = customerValues(ctx.input.customer);
    if (
      Object.keys(stored).length > 0 &&
      !progress.reuseOffered &&
      !progress.skipped.includes('reuse')
    ) {
      progress.reuseOffered = true;
      progress.skipped.push('reuse');
    }
    if (progress.reuseOffered) return { key: 'personal_reuse', text: reusePrompt(stored) };
  }
  if (section === 'workshop' && progress.tallerPropio !== true) {
    const category = categoryBySlug(ctx.input, progress.categorySlug);
    const cert = category ? workshopCertificate(category.engine) : null;
    return { key: 'workshop_choice', text: workshopChoice(cert?.price ?? null) };
  }
  if (progress.editTarget === step) {
    return {
      key: `edit:${section}`,
      text: sectionPrompt(section, [], bucket(progress, section), true),
    };
  }
  const missing = missingKeys(progress, section);
  const optional = optionalKeys(progress, section);
  // The whole list once (several answers in one message are welcome), then one field at a time.
  const started = Object.keys(bucket(progress, section)).length > 0;
  const keys = missing.length > 0 ? (started ? missing.slice(0, 1) : missing) : optional;
  return {
    key: `${section}:${keys.join(',')}`,
    text: sectionPrompt(section, keys, bucket(progress, section), false),
  };
};
