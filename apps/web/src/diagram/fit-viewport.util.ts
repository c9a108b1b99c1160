import type Canvas from 'diagram-js/lib/core/Canvas';

type Center = Parameters<Canvas['zoom']>[1];

/** Zooms the whole diagram into view, centred (diagram-js accepts `'auto'` as centre; its typings do not say so). */
export function fitViewport(canvas: Canvas): void {
  canvas.zoom('fit-viewport', 'auto' as unknown as Center);
}
