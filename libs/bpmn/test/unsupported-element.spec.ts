import { fixture } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: elements an executable process may not use', () => {
  it('refuses each unsupported element by id and BPMN type', async () => {
    // when
    const problems = await problemsOf(fixture('unsupported-elements.bpmn'));

    // then
    expect(codesOf(problems)).toEqual([
      'BPMN_UNSUPPORTED_ELEMENT complex',
      'BPMN_UNSUPPORTED_ELEMENT tx',
      'BPMN_UNSUPPORTED_ELEMENT adHoc',
      'BPMN_UNSUPPORTED_ELEMENT cancelEnd',
      'BPMN_UNSUPPORTED_ELEMENT twoTriggers',
      'BPMN_UNSUPPORTED_ELEMENT javascript',
      'BPMN_UNSUPPORTED_ELEMENT onGateway',
      'BPMN_UNSUPPORTED_ELEMENT looping',
      'BPMN_UNSUPPORTED_ELEMENT errorCatch',
    ]);
    expect(problems.map((problem) => problem.elementType)).toEqual([
      'bpmn:ComplexGateway',
      'bpmn:Transaction',
      'bpmn:AdHocSubProcess',
      'bpmn:EndEvent',
      'bpmn:IntermediateCatchEvent',
      'bpmn:ScriptTask',
      'bpmn:BoundaryEvent',
      'bpmn:Task',
      'bpmn:IntermediateCatchEvent',
    ]);
  });
});
