import type { SupervisionStatsGroup } from '../api/api.types';
import { t } from '../i18n/i18n';

/** The ECharts option of one bar chart: categories on the x axis, one bar series per entry. */
export interface BarChartOption {
  aria: { enabled: boolean };
  animation: boolean;
  tooltip: { trigger: 'axis' };
  legend: { top: number; data: string[] };
  grid: { left: number; right: number; bottom: number; top: number; containLabel: boolean };
  xAxis: { type: 'category'; data: string[]; axisLabel: { interval: number; rotate: number } };
  yAxis: { type: 'value'; max?: number; minInterval?: number; axisLabel?: { formatter: string } };
  series: { name: string; type: 'bar'; stack?: string; data: (number | null)[]; itemStyle: { color: string }; label?: { show: boolean; position: 'top'; formatter: string } }[];
}

/** A group's name as the charts show it (a department's or item's name), from its key. */
export type GroupLabel = (key: string) => string;

const asIs: GroupLabel = (key) => key;

/** What one chart shows: its ECharts option and the same figures as a sentence (the chart's text alternative). */
export interface ChartFigures {
  option: BarChartOption;
  summary: string;
}

/** Colours of the warning levels, as the inbox's warning tags show them. */
const COLOURS = { onTime: '#2f7d32', yellow: '#b26a00', red: '#c62828', overdue: '#6a1b1a', rating: '#1565c0', poor: '#c62828' };

function bars(categories: string[], series: BarChartOption['series'], yAxis: BarChartOption['yAxis']): BarChartOption {
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: series.map((entry) => entry.name) },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 4 ? 30 : 0 } },
    yAxis,
    series,
  };
}

/** A rate 0…1 as a whole percentage, or null when nothing finished. */
export function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** On-time rate (按时办结率) per group, in percent of the finished tasks. */
export function onTimeFigures(groups: SupervisionStatsGroup[], label: GroupLabel = asIs): ChartFigures {
  const name = t('supervision.onTimeRate');
  return {
    option: bars(groups.map((group) => label(group.key)), [{
      name, type: 'bar', data: groups.map((group) => percent(group.onTimeRate)), itemStyle: { color: COLOURS.onTime },
      label: { show: true, position: 'top', formatter: '{c}%' },
    }], { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }),
    summary: `${name}: ${groups.map((group) => `${label(group.key)} ${group.onTimeRate === null ? t('supervision.noneFinished') : `${percent(group.onTimeRate)}%`}`).join('; ') || t('common.none')}`,
  };
}

/** Warnings (黄牌, 红牌, 超期) per group, stacked. */
export function warningFigures(groups: SupervisionStatsGroup[], label: GroupLabel = asIs): ChartFigures {
  const levels = ['yellow', 'red', 'overdue'] as const;
  return {
    option: bars(groups.map((group) => label(group.key)), levels.map((level) => ({
      name: t(`warning.${level}`), type: 'bar' as const, stack: 'warnings', data: groups.map((group) => group[level]), itemStyle: { color: COLOURS[level] },
    })), { type: 'value', minInterval: 1 }),
    summary: `${t('supervision.warnings')}: ${groups.map((group) => `${label(group.key)} ${levels.map((level) => `${t(`warning.${level}`)} ${group[level]}`).join(', ')}`).join('; ') || t('common.none')}`,
  };
}

/** Ratings (好差评) per group: how many, how many poor. */
export function ratingFigures(groups: SupervisionStatsGroup[], label: GroupLabel = asIs): ChartFigures {
  return {
    option: bars(groups.map((group) => label(group.key)), [
      { name: t('supervision.ratings'), type: 'bar', data: groups.map((group) => group.ratings), itemStyle: { color: COLOURS.rating } },
      { name: t('supervision.poorRatings'), type: 'bar', data: groups.map((group) => group.poorRatings), itemStyle: { color: COLOURS.poor } },
    ], { type: 'value', minInterval: 1 }),
    summary: `${t('supervision.ratingsChart')}: ${groups.map((group) => `${label(group.key)} ${t('supervision.ratings')} ${group.ratings}, ${t('supervision.poorRatings')} ${group.poorRatings}, ${t('supervision.averageRating')} ${group.averageRating ?? '—'}`).join('; ') || t('common.none')}`,
  };
}

/** The figures of all groups together: tasks, finished, on time, warnings, ratings, unanswered directives. */
export function totals(groups: SupervisionStatsGroup[]): { tasks: number; finished: number; finishedOnTime: number; onTimeRate: number | null; warned: number; ratings: number; poorRatings: number; unansweredDirectives: number } {
  const sum = (pick: (group: SupervisionStatsGroup) => number) => groups.reduce((total, group) => total + pick(group), 0);
  const finished = sum((group) => group.finished);
  const finishedOnTime = sum((group) => group.finishedOnTime);
  return {
    tasks: sum((group) => group.tasks),
    finished,
    finishedOnTime,
    onTimeRate: finished === 0 ? null : finishedOnTime / finished,
    warned: sum((group) => group.yellow + group.red + group.overdue),
    ratings: sum((group) => group.ratings),
    poorRatings: sum((group) => group.poorRatings),
    unansweredDirectives: sum((group) => group.unansweredDirectives),
  };
}
