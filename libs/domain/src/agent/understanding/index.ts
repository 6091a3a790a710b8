export * from './types';
export { understand } from './understand';
export { classifyConfirmation } from './confirmation';
export { isCompletionPhrase } from './completion';
export { detectIntents } from './intents';
export { foldMessage } from './normalise';
