// Runs one resvg job. Plain JavaScript so the worker threads can load it without a TypeScript loader.
// Fonts come only from the files given (no system fonts): the same PNG on every machine.
import { Resvg } from '@resvg/resvg-js';

/** @param {{ svg: string, width: number, fontFiles: string[], defaultFontFamily: string }} job */
export function renderJob(job) {
  const resvg = new Resvg(job.svg, {
    fitTo: { mode: 'width', value: job.width },
    background: '#ffffff',
    font: { fontFiles: job.fontFiles, loadSystemFonts: false, defaultFontFamily: job.defaultFontFamily, sansSerifFamily: job.defaultFontFamily },
    shapeRendering: 2,
    textRendering: 1,
  });
  return resvg.render().asPng();
}
