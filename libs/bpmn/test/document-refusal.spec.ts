import { MAX_BPMN_BYTES } from '@tongban/bpmn';
import { fixture, processXml } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: documents refused before compiling', () => {
  it('refuses a document larger than 10 MB without parsing it', async () => {
    // given
    const padding = `<!-- ${'x'.repeat(MAX_BPMN_BYTES)} -->`;
    const xml = Buffer.from(processXml('<bpmn:startEvent id="start" />') + padding);

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([expect.objectContaining({ code: 'BPMN_TOO_LARGE' })]);
  });

  it('refuses a flood of unknown elements without handing it to the parser', async () => {
    // given
    const xml = processXml('<bpmn:startEvent id="start" />' + '<bpmn:fooTask />'.repeat(5000));

    // when
    const started = Date.now();
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems)).toEqual(['BPMN_PARSE_WARNING -']);
    expect(problems[0].message).toContain('more than 200');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses elements nested deeper than 256 levels', async () => {
    // given
    const depth = 300;
    const nested = Array.from({ length: depth }, (_, i) => `<bpmn:subProcess id="s${i}"><bpmn:startEvent id="ss${i}" />`).join('');
    const xml = processXml(`<bpmn:startEvent id="start" />${nested}${'</bpmn:subProcess>'.repeat(depth)}`);

    // when
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems)).toEqual(['BPMN_TOO_LARGE -']);
    expect(problems[0].message).toContain('256 levels');
  });

  it('refuses text that is not XML', async () => {
    // when
    const problems = await problemsOf(fixture('not-xml.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_NOT_XML -']);
  });

  it('refuses XML that is not BPMN definitions', async () => {
    // when
    const problems = await problemsOf(fixture('not-bpmn.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_NOT_XML -']);
  });

  it('refuses any DOCTYPE, so no entity is ever expanded', async () => {
    // when
    const problems = await problemsOf(fixture('doctype.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_DOCTYPE -']);
  });

  it('refuses unknown BPMN elements and attributes, naming the element', async () => {
    // when
    const problems = await problemsOf(fixture('unknown-element.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_PARSE_WARNING approve', 'BPMN_PARSE_WARNING review', 'BPMN_PARSE_WARNING approveAgain', 'BPMN_PARSE_WARNING send']);
    expect(problems[3]).toMatchObject({ elementType: 'bpmn:serviceTask', message: expect.stringContaining('zeebe:taskDefinitionX') });
    expect(problems[0]).toMatchObject({ elementType: 'bpmn:approvalTask' });
    expect(problems[1]).toMatchObject({ elementType: 'bpmn:UserTask', message: expect.stringContaining('colour') });
  });

  it('refuses duplicate ids, naming the id', async () => {
    // when
    const problems = await problemsOf(fixture('duplicate-id.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_DUPLICATE_ID review']);
  });

  it('refuses sequence flows with a dangling or missing end, naming the flow', async () => {
    // when
    const problems = await problemsOf(fixture('dangling-flow.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_DANGLING_REFERENCE toNowhere', 'BPMN_DANGLING_REFERENCE fromNothing']);
    expect(problems[0].message).toContain('missingTask');
  });

  it('refuses an executable process without a start event, naming the process', async () => {
    // when
    const problems = await problemsOf(fixture('no-start-event.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_NO_START_EVENT p']);
    expect(problems[0].elementType).toBe('bpmn:Process');
  });
});
