import { lintBpmn } from '@tongban/bpmn';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn"';

function doc(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

const DEPARTMENTS = ['health', 'market-regulation'];

describe('lintBpmn', () => {
  it('reports an unknown department as an error naming the element', async () => {
    // given
    const xml = doc(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="no-such-bureau" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
      <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />`);

    // when
    const problems = await lintBpmn(xml, { departments: DEPARTMENTS });

    // then
    expect(problems.filter((p) => p.severity === 'error')).toEqual([
      { rule: 'tongban/known-department', elementId: 'review', severity: 'error', message: expect.stringContaining('no-such-bureau') },
    ]);
  });

  it('checks no department when none is known, and accepts a known one', async () => {
    const xml = doc(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:userTask id="other" tongban:department="elsewhere" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
      <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="other" />`);

    expect((await lintBpmn(xml, {})).filter((p) => p.rule === 'tongban/known-department')).toEqual([]);
    expect((await lintBpmn(xml, { departments: DEPARTMENTS })).filter((p) => p.rule === 'tongban/known-department').map((p) => p.elementId)).toEqual(['other']);
  });

  it('reports a disconnected step as an error, but not the lone step of a one-step process', async () => {
    const connected = doc(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:serviceTask id="stray" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />`);
    const lone = doc('<bpmn:userTask id="only" tongban:department="health" />');

    const problems = await lintBpmn(connected, { departments: DEPARTMENTS });
    expect(problems.filter((p) => p.severity === 'error').map((p) => [p.rule, p.elementId])).toEqual([['tongban/disconnected', 'stray']]);
    expect((await lintBpmn(lone)).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('warns of a user task without a department, an item without an approval step and a certificate consumed before it is issued', async () => {
    // given
    const xml = doc(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="check" tongban:department="health" tongban:certificatesIn="food-licence" />
      <bpmn:userTask id="nobody" />
      <bpmn:serviceTask id="notify" tongban:item="fire-check" />
      <bpmn:userTask id="issue" tongban:department="market-regulation" tongban:certificatesOut="food-licence" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
      <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="nobody" />
      <bpmn:sequenceFlow id="f3" sourceRef="nobody" targetRef="notify" />
      <bpmn:sequenceFlow id="f4" sourceRef="notify" targetRef="issue" />
      <bpmn:sequenceFlow id="f5" sourceRef="issue" targetRef="end" />`);

    // when
    const problems = await lintBpmn(xml, { departments: DEPARTMENTS });

    // then
    const tongban = problems.filter((p) => p.rule.startsWith('tongban/')).map((p) => [p.rule, p.elementId, p.severity]);
    expect(tongban).toEqual(expect.arrayContaining([
      ['tongban/user-task-department', 'nobody', 'warn'],
      ['tongban/item-approval', 'notify', 'warn'],
      ['tongban/certificate-order', 'check', 'warn'],
    ]));
    expect(problems.some((p) => p.severity === 'error')).toBe(false);
  });

  it('does not report a certificate consumed after the step that issues it', async () => {
    const xml = doc(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="issue" tongban:department="market-regulation" tongban:certificatesOut="food-licence" />
      <bpmn:userTask id="check" tongban:department="health" tongban:certificatesIn="food-licence" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="issue" />
      <bpmn:sequenceFlow id="f2" sourceRef="issue" targetRef="check" />`);

    expect((await lintBpmn(xml, { departments: DEPARTMENTS })).filter((p) => p.rule === 'tongban/certificate-order')).toEqual([]);
  });
});
