import { defineComponent, h, type PropType } from 'vue';
import { ElForm } from 'element-plus';

/** An Element Plus form that hands its native submit (Enter in a field, a submit button) to `onSubmit`, never reloading the page. */
export const SubmitForm = defineComponent({
  name: 'SubmitForm',
  inheritAttrs: false,
  props: {
    onSubmit: { type: Function as PropType<(event: Event) => void>, required: true },
    labelPosition: { type: String as PropType<'top' | 'left' | 'right'>, default: 'top' },
    inline: { type: Boolean, default: false },
  },
  setup(props, { attrs, slots }) {
    const submit = (event: Event) => {
      event.preventDefault();
      props.onSubmit(event);
    };
    return () => h(ElForm, { ...attrs, labelPosition: props.labelPosition, inline: props.inline, onSubmit: submit }, slots);
  },
});
