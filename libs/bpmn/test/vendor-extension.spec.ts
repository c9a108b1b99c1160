import { compileBpmn } from '@tongban/bpmn';
import { fixture } from './bpmn-xml.fixture';

describe('compileBpmn: models from other tools', () => {
  it('ignores vendor extension elements and attributes, with notes, whatever the BPMN prefix', async () => {
    // when
    const compiled = await compileBpmn(fixture('vendor-extensions.bpmn'));

    // then
    expect(compiled.processes.map((process) => process.id)).toEqual(['p']);
    expect(compiled.processes[0].elements.start.outgoing).toEqual(['f1']);
    expect(compiled.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('signavio:signavioMetaData'), expect.stringContaining('"archive" is not executable')]),
    );
  });

  it('compiles nothing from a descriptive model, and says so, instead of refusing it', async () => {
    // when
    const compiled = await compileBpmn(fixture('descriptive-only.bpmn'));

    // then
    expect(compiled.processes).toEqual([]);
    expect(compiled.notes).toEqual(expect.arrayContaining([expect.stringContaining('no process is marked isExecutable="true"')]));
  });

  it('reads a document declaring both Camunda 8 and Camunda 7 extensions with both', async () => {
    // when
    const compiled = await compileBpmn(fixture('camunda-7-and-8.bpmn'));

    // then
    const model = compiled.processes[0];
    expect(model.elements.remind).toMatchObject({ jobType: 'email', asyncBefore: true });
    expect(model.elements.check).toMatchObject({ department: 'clerks', candidateGroups: ['clerks'] });
    expect(compiled.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('camunda:modelerTemplate ignored'), expect.stringContaining('camunda:versionTag ignored')]),
    );
  });

  it('decodes ISO-8859-1 documents', async () => {
    // given
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
        <process id="p" isExecutable="true"><startEvent id="s" name="Prüfung" /></process>
      </definitions>`;

    // when
    const compiled = await compileBpmn(Buffer.from(xml, 'latin1'));

    // then
    expect(compiled.processes[0].elements.s.name).toBe('Prüfung');
    expect(compiled.notes).toEqual([]);
  });
});
