import { compileBpmn } from '@tongban/bpmn';
import { fixture, processXml } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: the tongban extension', () => {
  it('maps item, fields, certificates and time limit of steps and of the process', async () => {
    // when
    const model = (await compileBpmn(fixture('tongban-extension.bpmn'))).processes[0];

    // then
    expect(model.tongban).toEqual({ item: 'BUNDLE-NEWBORN', timeLimitDays: 10, timeLimitUnit: 'working' });
    expect(model.elements.birthCertificate).toMatchObject({
      department: 'health',
      tongban: {
        item: '330100-HEALTH-001',
        fields: ['childName', 'birthDate', 'motherIdNumber'],
        certificatesIn: ['hospital-birth-record'],
        certificatesOut: ['birth-medical-certificate'],
        timeLimitDays: 5,
        timeLimitUnit: 'calendar',
      },
    });
    expect(model.elements.household).toMatchObject({ department: 'public-security', jobType: 'police.household-registration', jobRetries: 3 });
  });

  it('refuses a time limit that is not a whole number of days or a unknown unit', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id="start" /><bpmn:userTask id="t" tongban:timeLimitDays="soon" tongban:timeLimitUnit="lunar" />
      <bpmn:userTask id="negative" tongban:timeLimitDays="-1" /><bpmn:userTask id="fraction" tongban:timeLimitDays="1.5" />`);

    // when
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems)).toEqual(['BPMN_INVALID_MODEL t', 'BPMN_INVALID_MODEL t', 'BPMN_INVALID_MODEL negative', 'BPMN_INVALID_MODEL fraction']);
  });

  it('keeps a time limit of 0 days: an item done on the day it is accepted (即办)', async () => {
    // given
    const xml = processXml('<bpmn:startEvent id="start" /><bpmn:userTask id="onTheSpot" tongban:timeLimitDays="0" tongban:timeLimitUnit="working" />');

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(model.elements.onTheSpot.tongban).toEqual({ timeLimitDays: 0, timeLimitUnit: 'working' });
  });

  it('keeps a limit in hours for a 秒办/即办 step and refuses a fraction or one beside days', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id="start" /><bpmn:userTask id="fast" tongban:timeLimitHours="4" />
      <bpmn:userTask id="half" tongban:timeLimitHours="0.5" /><bpmn:userTask id="both" tongban:timeLimitHours="2" tongban:timeLimitDays="1" />`);

    // when
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems)).toEqual(['BPMN_INVALID_MODEL half', 'BPMN_INVALID_MODEL both']);
    const ok = (await compileBpmn(processXml('<bpmn:startEvent id="start" /><bpmn:userTask id="fast" tongban:timeLimitHours="4" />'))).processes[0];
    expect(ok.elements.fast.tongban).toEqual({ timeLimitHours: 4 });
  });

  it('maps the decisions a user task accepts, its decision variable and an end event\'s outcome', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:decisions="approve, reject, return-visit" tongban:decisionVariable="fireDecision" />
      <bpmn:endEvent id="rejected" tongban:outcome="rejected" />`);

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(model.elements.review.tongban).toEqual({ decisions: ['approve', 'reject', 'return-visit'], decisionVariable: 'fireDecision' });
    expect(model.elements.rejected.tongban).toEqual({ outcome: 'rejected' });
  });

  it('refuses decisions off user tasks, malformed decisions and variables, and an outcome off end events, naming the element', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id="start" tongban:outcome="approved" />
      <bpmn:serviceTask id="job" tongban:taskType="x" tongban:decisions="approve" />
      <bpmn:userTask id="bad" tongban:decisions="Approve!,reject" tongban:decisionVariable="my decision" />
      <bpmn:endEvent id="end" tongban:outcome="Not Good" />`);

    // when
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems).sort()).toEqual(['BPMN_INVALID_MODEL bad', 'BPMN_INVALID_MODEL bad', 'BPMN_INVALID_MODEL end', 'BPMN_INVALID_MODEL job', 'BPMN_INVALID_MODEL start']);
    expect(problems.find((p) => p.elementId === 'job')?.message).toContain('tongban:decisions');
  });

  it('maps tongban:returnAcrossJoin on user tasks and refuses it elsewhere or with another value', async () => {
    // given
    const allowed = processXml(`<bpmn:startEvent id="start" /><bpmn:userTask id="issue" tongban:returnAcrossJoin="true" /><bpmn:userTask id="plain" tongban:returnAcrossJoin="false" />`);
    const refused = processXml(`<bpmn:startEvent id="start" tongban:returnAcrossJoin="true" /><bpmn:userTask id="odd" tongban:returnAcrossJoin="yes" />`);

    // when
    const model = (await compileBpmn(allowed)).processes[0];
    const problems = await problemsOf(refused);

    // then
    expect(model.elements.issue.tongban).toEqual({ returnAcrossJoin: true });
    expect(model.elements.plain.tongban).toBeUndefined();
    expect(codesOf(problems).sort()).toEqual(['BPMN_INVALID_MODEL odd', 'BPMN_INVALID_MODEL start']);
  });
});
