import { compileBpmn, type ProcessModel } from '@tongban/bpmn';
import { Instance } from './engine-test-kit';

const BPMN = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"';
const CAMUNDA = 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"';
const ZEEBE = 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';

async function model(namespaces: string, loop: string): Promise<ProcessModel> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${namespaces} id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="sign">${loop}</bpmn:userTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign" /><bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
  return (await compileBpmn(xml)).processes[0];
}

function loopCounters(instance: Instance): unknown[] {
  return instance.ofType('task.created').map((task) => task.variables?.loopCounter);
}

describe('multi-instance loopCounter follows the model\'s dialect', () => {
  it('counts from 0 in a Camunda 7 model', async () => {
    // given
    const c7 = await model(`${BPMN} ${CAMUNDA}`, '<bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="signers" camunda:elementVariable="signer" />');

    // when
    const instance = new Instance(c7).start({ signers: ['zhang', 'li', 'wang'] });
    instance.completeTask('sign');
    instance.completeTask('sign');

    // then
    expect(loopCounters(instance)).toEqual([0, 1, 2]);
    expect(instance.ofType('task.created').map((task) => task.variables?.signer)).toEqual(['zhang', 'li', 'wang']);
  });

  it('counts from 1 in a Camunda 8 model, and the output collection keeps its order', async () => {
    // given
    const c8 = await model(`${BPMN} ${ZEEBE}`, '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= signers" inputElement="signer" outputCollection="seen" outputElement="= loopCounter" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>');

    // when
    const instance = new Instance(c8).start({ signers: ['zhang', 'li'] });
    const keys = instance.ofType('task.created').map((task) => task.key);
    instance.run({ type: 'completeTask', key: keys[1] });
    instance.run({ type: 'completeTask', key: keys[0] });

    // then
    expect(loopCounters(instance)).toEqual([1, 2]);
    expect(instance.vars.seen).toEqual([1, 2]);
  });

  it('counts from 1 in a plain BPMN model', async () => {
    // given
    const plain = await model(BPMN, '<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>');

    // when
    const instance = new Instance(plain).start();

    // then
    expect(plain.dialect).toBe('bpmn');
    expect(loopCounters(instance)).toEqual([1, 2, 3]);
  });
});
