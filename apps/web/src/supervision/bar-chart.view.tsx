import { defineComponent, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue';
import { BarChart as EBarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartFigures } from './supervision-figures';

use([EBarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * An ECharts bar chart in a figure: the chart is an image whose text alternative states every figure
 * it draws, and the caption names it.
 */
export const BarChart = defineComponent({
  name: 'BarChart',
  props: {
    name: { type: String, required: true },
    title: { type: String, required: true },
    figures: { type: Object as PropType<ChartFigures>, required: true },
  },
  setup(props) {
    const box = ref<HTMLElement | null>(null);
    let chart: EChartsType | null = null;
    const resize = () => chart?.resize();

    const draw = () => {
      if (!box.value) return;
      chart ??= init(box.value, undefined, { renderer: 'svg' });
      chart.setOption(props.figures.option as never, true);
      // ECharts writes its own generated description; the figures' sentence is the one read out
      box.value.setAttribute('aria-label', props.figures.summary);
      box.value.dataset.rendered = 'true';
    };

    onMounted(() => {
      draw();
      window.addEventListener('resize', resize);
    });
    watch(() => props.figures, draw);
    onBeforeUnmount(() => {
      window.removeEventListener('resize', resize);
      chart?.dispose();
      chart = null;
    });

    return () => (
      <figure class="chart-figure" data-chart={props.name}>
        <figcaption class="chart-title">{props.title}</figcaption>
        <div ref={box} class="chart" role="img" aria-label={props.figures.summary} data-testid={`chart-${props.name}`} />
      </figure>
    );
  },
});
