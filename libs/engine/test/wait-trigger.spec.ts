import { compileBpmn } from '@tongban/bpmn';
import { EngineError } from '@tongban/engine';
import { Instance } from './engine-test-kit';

/** Two receive tasks without a message, one after the other, then a user task. */
async function waitStates() {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
  <process id="waits" isExecutable="true">
    <startEvent id="start" /><receiveTask id="first" /><receiveTask id="second" /><userTask id="check" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="first" /><sequenceFlow id="f2" sourceRef="first" targetRef="second" />
    <sequenceFlow id="f3" sourceRef="second" targetRef="check" />
  </process>
</definitions>`;
  return (await compileBpmn(xml)).processes[0];
}

describe('triggerElement: plain wait states (receive tasks without a message)', () => {
  it('waits without a subscription and moves on when triggered, merging the variables', async () => {
    // given
    const instance = new Instance(await waitStates()).start({});
    expect(instance.active).toEqual(['first']);
    expect(instance.ofType('message.subscribed')).toEqual([]);

    // when
    instance.run({ type: 'triggerElement', elementId: 'first', variables: { paid: true } });

    // then
    expect(instance.active).toEqual(['second']);
    expect(instance.vars).toEqual({ paid: true });
  });

  it('refuses a trigger where nothing waits, with WAIT_NOT_FOUND, and changes nothing', async () => {
    // given
    const instance = new Instance(await waitStates()).start({});

    // when
    const trigger = () => instance.run({ type: 'triggerElement', elementId: 'second' });

    // then
    expect(trigger).toThrow(EngineError);
    expect(trigger).toThrow(/nothing waits at second/);
    expect(instance.active).toEqual(['first']);
  });
});
