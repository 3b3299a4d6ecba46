// UI entry point: mounts the app into #root.
//
// The window's CSP has no 'unsafe-inline' for styles. Tauri puts a per-load nonce on every
// <style> of index.html and into the CSP; Griffel (Fluent UI's CSS-in-JS) gets the same nonce for
// the <style> elements it creates, so its styles load while any other inline style stays blocked.
import { RendererProvider, createDOMRenderer } from "@fluentui/react-components";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
const nonce = document.getElementById("style-nonce")?.nonce || undefined;
const renderer = createDOMRenderer(document, { styleElementAttributes: nonce ? { nonce } : undefined });
createRoot(root).render(
  <StrictMode>
    <RendererProvider renderer={renderer} targetDocument={document}>
      <App />
    </RendererProvider>
  </StrictMode>,
);
