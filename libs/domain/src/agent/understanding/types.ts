import { CaseFieldKey } from '../case-data';

export type Intent =
  | 'greeting'
  | 'thanks'
  | 'goodbye'
  | 'cancel'
  | 'human'
  | 'status'
  | 'why'
  | 'done'
  | 'price_question'
  | 'included_question'
  | 'documents_question'
  | 'services_question'
  | 'workshop_question'
  | 'timing_question'
  | 'restart'
  | 'edit'
  | 'correction'
  | 'chitchat';

export type Confirmation = 'confirmed' | 'rejected' | 'uncertain';

export type SectionName = 'personal' | 'vehicle' | 'workshop' | 'documentation' | 'elements';

export interface Understanding {
  raw: string;
  /** Lower case, accents stripped, emojis replaced by words, spaces collapsed. */
  folded: string;
  intents: ReadonlySet<Intent>;
  /** null when the text is neither (e.g. "quiero homologar el escape"). */
  confirmation: Confirmation | null;
  /** "?" or an interrogative start (qué, cuánto, cómo, cuándo, dónde, por qué, puedo…). */
  isQuestion: boolean;
  /** Section named by an edit or correction ("cambiar los datos del taller" → workshop). */
  section: SectionName | null;
  /**
   * Set when the message corrects or changes a datum: the field named (or recognised by the
   * value's shape) and the new raw value, each null when not given.
   */
  correction: { field: CaseFieldKey | null; value: string | null } | null;
}
