import type { TFunction } from 'i18next';
import { useState } from 'react';
import { apiProblemOf, type ApiProblem } from '../api/client';
import { apiErrorMessage } from './api-error-message';
import { checkTypedCode } from './typed-code';

/** Why a typed code was not taken: caught before asking (empty, wrong shape), or the core's answer. */
export type CodeProblem = { kind: 'typed'; problem: 'empty' | 'shape' } | ({ kind: 'api' } & ApiProblem);

/** The problem in words; `messages` names the screen's own messages for the typed ones. */
export function codeProblemMessage(
  t: TFunction,
  problem: CodeProblem,
  messages: { empty: string; shape: string },
  shape: string,
): string {
  if (problem.kind === 'api') return apiErrorMessage(t, problem.code, problem.params);
  return problem.problem === 'empty' ? t(messages.empty) : t(messages.shape, { shape });
}

/**
 * The state of a screen where a citizen types a code and the kiosk checks
 * it: what was typed, the problem (kept as codes so the message follows a
 * language switch), how many times it was refused (so a screen reader hears
 * the same message again), and whether a check is running.
 */
export function useCodeCheck(length: number) {
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<CodeProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const fail = (next: CodeProblem) => {
    setProblem(next);
    setAttempt((n) => n + 1);
    setBusy(false);
  };

  /** Checks the code's shape, then `ask`s the core; `ask` may answer a problem of its own. */
  const check = async (ask: (code: string) => Promise<CodeProblem | null>) => {
    const shaped = checkTypedCode(typed, length);
    if (!shaped.ok) return fail({ kind: 'typed', problem: shaped.problem });
    setBusy(true);
    try {
      const refused = await ask(shaped.code);
      if (refused) return fail(refused);
      setProblem(null);
      setBusy(false);
    } catch (error) {
      fail({ kind: 'api', ...apiProblemOf(error) });
    }
  };

  return { typed, setTyped, problem, setProblem, attempt, busy, check };
}
