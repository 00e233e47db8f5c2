/** SQL migrations are bundled as text (Vite's `?raw`; an esbuild plugin in scripts/build.mjs). */
declare module '*.sql?raw' {
  const text: string;
  export default text;
}
