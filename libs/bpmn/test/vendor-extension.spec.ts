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
