/**
 * A conservative check for regular expressions that can backtrack catastrophically (ReDoS).
 * Admin-written detection patterns run on every assistant reply, so a pattern such as `(a+)+`
 * must be refused when it is saved, not discovered when a reply hangs the worker.
 *
 * Refused, inside any group that repeats (`*`, `+`, `{n,}`, `{n,m}` with m > 1):
 *  - variable repetition (`(a+)+`, `(.*)*`, `(\d{1,3})+`): nested quantifiers;
 *  - a body that can match the empty string (`(a?)*`, `(a|)+`);
 *  - alternatives that can start with the same character (`(a|aa)*`, `(\w|\d)+`, `(.|x)+`).
 * It errs on refusing: `(\d{1,3}\.)+` is safe in practice yet refused; write `\d{1,3}(?:\.\d{1,3})*`.
 */

interface Quantifier {
  min: number;
  max: number;
}

/** First-character class of an atom: a literal, a shorthand class, or `broad` (anything). */
type First =
  { kind: 'lit'; char: string } | { kind: 'class'; name: 'd' | 'w' | 's' } | { kind: 'broad' };

type RegexNode =
  | { type: 'atom'; first: First; quant: Quantifier | null }
  | { type: 'anchor' }
  | { type: 'group'; branches: RegexNode[][]; quant: Quantifier | null };

class PatternSyntaxError extends Error {}

class Parser {
  private pos = 0;

  public constructor(private readonly src: string) {}

  public parse(): RegexNode[][] {
    const branches = this.alternation();
    if (this.pos < this.src.length) throw new PatternSyntaxError('unbalanced parenthesis');
    return branches;
  }

  private alternation(): RegexNode[][] {
    const branches: RegexNode[][] = [[]];
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === ')') break;
      if (ch === '|') {
        this.pos += 1;
        branches.push([]);
        continue;
      }
      branches[branches.length - 1].push(this.term());
    }
    return branches;
  }

  private term(): RegexNode {
    const ch = this.src[this.pos];
    this.pos += 1;
    if (ch === '^' || ch === '$') return { type: 'anchor' };
    if (ch === '(') {
      this.skipGroupPrefix();
      const branches = this.alternation();
      if (this.src[this.pos] !== ')') throw new PatternSyntaxError('unbalanced parenthesis');
      this.pos += 1;
      return { type: 'group', branches, quant: this.quantifier() };
    }
    let first: First;
    if (ch === '.') first = { kind: 'broad' };
    else if (ch === '[') first = this.charClass();
    else if (ch === '\\') {
      const escaped = this.escape();
      if (escaped === null) return { type: 'anchor' };
      first = escaped;
    } else first = { kind: 'lit', char: ch.toLowerCase() };
    return { type: 'atom', first, quant: this.quantifier() };
  }

  private skipGroupPrefix(): void {
    if (this.src[this.pos] !== '?') return;
    const rest = this.src.slice(this.pos, this.pos + 3);
    if (rest.startsWith('?<=') || rest.startsWith('?<!')) this.pos += 3;
    else if (rest.startsWith('?:') || rest.startsWith('?=') || rest.startsWith('?!')) this.pos += 2;
    else if (rest.startsWith('?<')) {
      const end = this.src.indexOf('>', this.pos);
      if (end < 0) throw new PatternSyntaxError('unterminated group name');
      this.pos = end + 1;
    } else throw new PatternSyntaxError('unknown group kind');
  }

  /** After a backslash. null = zero-width (`\b`, `\B`). */
  private escape(): First | null {
    const ch = this.src[this.pos];
    if (ch === undefined) throw new PatternSyntaxError('trailing backslash');
    this.pos += 1;
    if (ch === 'b' || ch === 'B') return null;
    if (ch === 'd' || ch === 'w' || ch === 's') return { kind: 'class', name: ch };
    if ('DWSpP'.includes(ch) || /[1-9k]/.test(ch)) {
      if ((ch === 'p' || ch === 'P' || ch === 'k') && /[{<]/.test(this.src[this.pos] ?? '')) {
        const close = this.src.indexOf(ch === 'k' ? '>' : '}', this.pos);
        if (close > 0) this.pos = close + 1;
      }
      return { kind: 'broad' }; // negated classes, unicode properties, back-references
    }
    if (ch === 'x') {
      this.pos += 2;
      return { kind: 'broad' };
    }
    if (ch === 'u') {
      this.pos += this.src[this.pos] === '{' ? this.src.indexOf('}', this.pos) - this.pos + 1 : 4;
      return { kind: 'broad' };
    }
    if (ch === 'c') {
      this.pos += 1;
      return { kind: 'broad' };
    }
    const controls: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      f: '\f',
      v: '\v',
      '0': '\0',
    };
    return { kind: 'lit', char: (controls[ch] ?? ch).toLowerCase() };
  }

  private charClass(): First {
    while (this.pos < this.src.length && this.src[this.pos] !== ']') {
      this.pos += this.src[this.pos] === '\\' ? 2 : 1;
    }
    if (this.pos >= this.src.length) throw new PatternSyntaxError('unterminated character class');
    this.pos += 1;
    return { kind: 'broad' };
  }

  private quantifier(): Quantifier | null {
    const ch = this.src[this.pos];
    let quant: Quantifier | null = null;
    if (ch === '*') quant = { min: 0, max: Infinity };
    else if (ch === '+') quant = { min: 1, max: Infinity };
    else if (ch === '?') quant = { min: 0, max: 1 };
    if (quant) this.pos += 1;
    else if (ch === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!match) return null; // a literal brace
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] ? Number(match[3]) : Infinity;
      quant = { min, max };
      this.pos += match[0].length;
    }
    if (quant && this.src[this.pos] === '?') this.pos += 1; // lazy: same backtracking
    return quant;
  }
}

const repeats = (quant: Quantifier | null): boolean => quant !== null && quant.max > 1;
const varies = (quant: Quantifier | null): boolean =>
  quant !== null && quant.max > 1 && quant.max !== quant.min;

function nullable(node: RegexNode): boolean {
  if (node.type === 'anchor') return true;
  if (node.quant && node.quant.min === 0) return true;
  if (node.type === 'atom') return false;
  return node.branches.some((branch) => branch.every(nullable));
}

/** Possible first characters of a sequence (through nullable prefixes). */
function firsts(sequence: RegexNode[]): First[] {
  const out: First[] = [];
  for (const node of sequence) {
    if (node.type === 'atom') out.push(node.first);
    else if (node.type === 'group') node.branches.forEach((branch) => out.push(...firsts(branch)));
    if (!nullable(node)) break;
  }
  return out;
}

const inClass = (char: string, name: 'd' | 'w' | 's'): boolean =>
  ({ d: /\d/, w: /\w/, s: /\s/ })[name].test(char);

function overlaps(a: First, b: First): boolean {
  if (a.kind === 'broad' || b.kind === 'broad') return true;
  if (a.kind === 'lit' && b.kind === 'lit') return a.char === b.char;
  if (a.kind === 'lit' && b.kind === 'class') return inClass(a.char, b.name);
  if (a.kind === 'class' && b.kind === 'lit') return inClass(b.char, a.name);
  if (a.kind === 'class' && b.kind === 'class')
    return a.name === b.name || (a.name !== 's' && b.name !== 's');
  return true;
}

function alternativesOverlap(branches: RegexNode[][]): boolean {
  const starts = branches.map(firsts);
  for (let i = 0; i < starts.length; i += 1)
    for (let j = i + 1; j < starts.length; j += 1)
      if (starts[i].some((a) => starts[j].some((b) => overlaps(a, b)))) return true;
  return false;
}

function check(nodes: RegexNode[], insideRepeat: boolean): string | null {
  for (const node of nodes) {
    if (node.type === 'anchor') continue;
    if (insideRepeat && varies(node.quant))
      return 'nested quantifiers: a repeated group contains variable repetition';
    if (node.type === 'atom') continue;
    const repeated = insideRepeat || repeats(node.quant);
    if (repeats(node.quant) && node.branches.some((branch) => branch.every(nullable)))
      return 'a repeated group can match the empty string';
    if (repeated && node.branches.length > 1 && alternativesOverlap(node.branches))
      return 'a repeated group has alternatives that can match the same text';
    for (const branch of node.branches) {
      const problem = check(branch, repeated);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Why the pattern risks catastrophic backtracking, or null when it is accepted. Does not check
 * that the pattern compiles (do that with `new RegExp` first); unparseable input is refused.
 */
export function regexBacktrackingRisk(pattern: string): string | null {
  let branches: RegexNode[][];
  try {
    branches = new Parser(pattern).parse();
  } catch (error) {
    return error instanceof PatternSyntaxError ? error.message : 'unparseable pattern';
  }
  if (branches.length > 1) {
    // A top-level alternation only repeats if wrapped; check each branch on its own.
    for (const branch of branches) {
      const problem = check(branch, false);
      if (problem) return problem;
    }
    return null;
  }
  return check(branches[0] ?? [], false);
}

/** Whether the pattern compiles as a JavaScript regular expression (with the `i` flag). */
export function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}
