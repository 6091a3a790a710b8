import { AgentEffect, AgentOperation, AgentStep, AgentTurnInput } from '../contract';
import { ReplyImage } from '../../streams/chatwoot-contracts';
import { AgentState } from './state';
import { canTransition, TransitionError } from './transitions';

/** Attachment facts of a whole turn, confirmed once in the reply. */
export interface PhotoTally {
  received: number;
  refused: string[];
  ignoredImages: number;
  audio: number;
  files: number;
}

/**
 * Everything one turn accumulates: the working state, effects, operations and the pieces of
 * the single reply (notes in order, then one question, then images and the follow-up).
 */
export class TurnContext {
  public readonly effects: AgentEffect[] = [];
  public readonly operations: AgentOperation[] = [];
  public readonly notes: string[] = [];
  public readonly images: ReplyImage[] = [];
  public readonly path: AgentStep[];
  public question: { key: string; text: string; asFollowUp: boolean } | null = null;
  public understood = false;
  /** Something was stored or the step moved: a repeated question is then not a loop. */
  public progressed = false;
  /** A side question was answered (not a loop either, but no progress). */
  public answeredSide = false;
  public escalated = false;
  /** The first-contact welcome went out (it replaces "no te he entendido"). */
  public welcomed = false;
  public readonly tally: PhotoTally = {
    received: 0,
    refused: [],
    ignoredImages: 0,
    audio: 0,
    files: 0,
  };

  public constructor(
    public readonly input: AgentTurnInput,
    public readonly state: AgentState,
  ) {
    this.path = [state.step];
  }

  public get now(): Date {
    return this.input.now;
  }

  public say(text: string): void {
    if (text && !this.notes.includes(text)) this.notes.push(text);
  }

  /**
   * The question closing the reply; a later one replaces an earlier one. `asFollowUp` sends it
   * after the images (the offer after a quote's example photos).
   */
  public ask(key: string, text: string, asFollowUp = false): void {
    this.question = { key, text, asFollowUp };
  }

  public effect(effect: AgentEffect): void {
    this.effects.push(effect);
    this.progressed = true;
  }

  public op(
    name: string,
    params: Record<string, unknown>,
    outcome: AgentOperation['outcome'] = 'success',
    detail?: string,
  ): void {
    this.operations.push(detail ? { name, params, outcome, detail } : { name, params, outcome });
  }

  /** Every step change goes through TRANSITIONS; anything else aborts the turn safely. */
  public moveTo(step: AgentStep): void {
    const from = this.state.step;
    if (from === step) return;
    if (!canTransition(from, step)) throw new TransitionError(from, step);
    this.state.step = step;
    this.path.push(step);
    // A question of the step just left no longer applies.
    this.question = null;
    this.progressed = true;
  }

  public newId(purpose: string): string {
    return this.input.newId(purpose);
  }
}
