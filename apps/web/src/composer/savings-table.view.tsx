import { defineComponent, type PropType } from 'vue';
import { t, type MessageKey } from '../i18n/i18n';
import type { BundleSavings } from './composer.types';

type Count = Exclude<keyof BundleSavings, 'autoApprovedItems'>;

/** The savings report's figures as pairs "item by item" → "as one bundle". */
const ROWS: { label: MessageKey; before: Count; after: Count }[] = [
  { label: 'composer.savings.fields', before: 'fieldsSeparately', after: 'fieldsOnce' },
  { label: 'composer.savings.materials', before: 'materialsSeparately', after: 'materialsToSubmit' },
  { label: 'composer.savings.visits', before: 'visitsSeparately', after: 'visitsBundle' },
  { label: 'composer.savings.days', before: 'daysSeparately', after: 'daysBundle' },
];

/** What the composed bundle saves the applicant: fields, materials, visits and days, before and after. */
export const SavingsTable = defineComponent({
  name: 'SavingsTable',
  props: { savings: { type: Object as PropType<BundleSavings>, required: true } },
  setup(props) {
    return () => (
      <table class="savings composer-savings" data-testid="composer-savings">
        <caption class="visually-hidden">{t('composer.savings.title')}</caption>
        <thead>
          <tr><th scope="col">{t('composer.savings.metric')}</th><th scope="col">{t('composer.savings.separately')}</th><th scope="col">{t('composer.savings.bundle')}</th><th scope="col">{t('composer.savings.saved')}</th></tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr data-metric={row.after}>
              <th scope="row">{t(row.label)}</th>
              <td data-value="before">{props.savings[row.before]}</td>
              <td data-value="after">{props.savings[row.after]}</td>
              <td class="saved" data-value="saved">{props.savings[row.before] - props.savings[row.after]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
});
