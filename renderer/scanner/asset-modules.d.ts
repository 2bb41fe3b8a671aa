// What Vite's `?url` imports give TypeScript: the built asset's URL, served from our own origin.
// The project's types are Node's only (no vite/client), so the one suffix used is declared here.
declare module '*?url' {
  const url: string;
  export default url;
}
