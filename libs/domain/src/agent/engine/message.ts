import { Understanding } from './nlu';

/** One customer message as the step handlers see it. */
export interface MessageView {
  text: string;
  /** Accents and case folded, punctuation removed. */
  folded: string;
  u: Understanding;
}
