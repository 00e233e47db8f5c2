import { useCallback, useEffect, useState } from 'react';
import { apiProblemOf, type ApiProblem } from '../api/client';

export interface Loaded<T> {
  data: T | null;
  problem: ApiProblem | null;
  loading: boolean;
  reload(): void;
}

/** A clerk screen's reading from the core, read when the screen opens and again on `reload`. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setProblem(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setProblem(apiProblemOf(error));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // `load` is the screen's own function, new at each render: the screen asks again through `reload`.
  }, [round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, problem, loading, reload };
}
