/**
 * Questions to the user behind one small interface, so `configure` can be driven by scripted
 * answers in tests and by @inquirer/prompts on a terminal. Prompts draw on stderr, which keeps
 * stdout clean for `--json`.
 */

/** A question with a name, so scripted answers can be matched to it. */
interface Question {
  /** Stable id, e.g. "username". */
  name: string;
  message: string;
}

/** A free-text question; `validate` returns true or the message shown for a bad answer. */
type InputQuestion = Question & { default?: string; validate?: (v: string) => true | string };

/** Asks the user; each call is one question. */
export interface Prompter {
  /** Free text. */
  input(q: InputQuestion): Promise<string>;
  /** Hidden text. */
  password(q: Question): Promise<string>;
  /** Yes or no. */
  confirm(q: Question & { default?: boolean }): Promise<boolean>;
  /** A whole number in [min, max]. */
  number(q: Question & { default?: number; min: number; max: number }): Promise<number>;
}

/** A Prompter on the terminal, through @inquirer/prompts (loaded only when a prompt is shown). */
export function terminalPrompter(): Prompter {
  const load = async () => {
    const [prompts, process] = await Promise.all([
      import("@inquirer/prompts"),
      import("node:process"),
    ]);
    return { prompts, context: { output: process.default.stderr } };
  };
  return {
    async input(q) {
      const { prompts, context } = await load();
      return await prompts.input(
        { message: q.message, default: q.default, validate: q.validate },
        context,
      );
    },
    async password(q) {
      const { prompts, context } = await load();
      return await prompts.password({ message: q.message, mask: true }, context);
    },
    async confirm(q) {
      const { prompts, context } = await load();
      return await prompts.confirm({ message: q.message, default: q.default }, context);
    },
    async number(q) {
      const { prompts, context } = await load();
      const n = await prompts.number({
        message: q.message,
        default: q.default,
        min: q.min,
        max: q.max,
        step: 1,
        required: true,
      }, context);
      return n;
    },
  };
}

/** True when an error is the user leaving a prompt with Ctrl-C or Ctrl-D. */
export function isPromptExit(e: unknown): boolean {
  return e instanceof Error && (e.name === "ExitPromptError" || e.name === "AbortPromptError");
}
