import { defineComponent, type PropType } from 'vue';
import { ElTag } from 'element-plus';
import type { WarningLevel } from '../api/api.types';
import { t } from '../i18n/i18n';

const TAG_TYPES: Record<WarningLevel, 'success' | 'warning' | 'danger' | 'info'> = { normal: 'success', yellow: 'warning', red: 'danger', overdue: 'danger' };

/** A clock's warning colour (正常 / 黄牌 / 红牌 / 超期) as a tag. */
export const WarningTag = defineComponent({
  name: 'WarningTag',
  props: { level: { type: String as PropType<WarningLevel | ''>, default: '' } },
  setup(props) {
    return () => (props.level
      ? <ElTag type={TAG_TYPES[props.level]} effect={props.level === 'overdue' ? 'dark' : 'light'} class={`warning warning-${props.level}`} data-warning={props.level}>{t(`warning.${props.level}`)}</ElTag>
      : <span class="muted">—</span>);
  },
});
