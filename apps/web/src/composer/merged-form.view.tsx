import { defineComponent, type PropType } from 'vue';
import { ElTable, ElTableColumn, ElTag } from 'element-plus';
import { localized, t } from '../i18n/i18n';
import type { MergedField } from './composer.types';

/** The bundle's merged form: each field once, required when any item requires it, with the items asking for it. */
export const MergedFormTable = defineComponent({
  name: 'MergedFormTable',
  props: { fields: { type: Array as PropType<MergedField[]>, required: true } },
  setup(props) {
    return () => (
      <ElTable data={props.fields} class="merged-form" data-testid="merged-form" rowKey="key" emptyText={t('composer.form.empty')}
        rowClassName={({ row }: { row: MergedField }) => `field-${row.key.replace(/[^A-Za-z0-9_-]/g, '-')}`}>
        <ElTableColumn label={t('composer.form.field')} minWidth={150}>{{
          default: ({ row }: { row: MergedField }) => <span data-field={row.key}>{localized(row.label)} <small class="muted">{row.key}</small></span>,
        }}</ElTableColumn>
        <ElTableColumn label={t('composer.form.required')} minWidth={110}>{{
          default: ({ row }: { row: MergedField }) => (row.required ? <ElTag size="small" type="danger">{t('composer.form.requiredYes')}</ElTag> : <span class="muted">{t('composer.form.requiredNo')}</span>),
        }}</ElTableColumn>
        <ElTableColumn label={t('composer.form.usedBy')} minWidth={160}>{{
          default: ({ row }: { row: MergedField }) => row.usedBy.join(', '),
        }}</ElTableColumn>
      </ElTable>
    );
  },
});
