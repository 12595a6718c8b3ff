// Runs one resvg job. Plain JavaScript so the worker threads can load it without a TypeScript loader.
// Fonts come only from the files given (no system fonts): the same PNG on every machine.
// resvg (a native module) is loaded by the first job, not on import: a server that never renders a map
// never maps it (see bench/README.md, "Footprint").
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** @type {typeof import('@resvg/resvg-js').Resvg | undefined} */
let Resvg;

/** @param {{ svg: string, width: number, fontFiles: string[], defaultFontFamily: string }} job */
export function renderJob(job) {
  Resvg ??= /** @type {typeof import('@resvg/resvg-js')} */ (require('@resvg/resvg-js')).Resvg;
  const resvg = new Resvg(job.svg, {
    fitTo: { mode: 'width', value: job.width },
    background: '#ffffff',
    font: { fontFiles: job.fontFiles, loadSystemFonts: false, defaultFontFamily: job.defaultFontFamily, sansSerifFamily: job.defaultFontFamily },
    shapeRendering: 2,
    textRendering: 1,
  });
  return resvg.render().asPng();
}
