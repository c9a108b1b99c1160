import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { BpmnValidationError, compileBpmn, CompiledDefinitions } from '@tongban/bpmn';

/**
 * BPMN MIWG test suite, OMG BPMN Model Interchange Working Group, CC BY 3.0
 * (`miwg/Reference` under the folder `TONGBAN_CONFORMANCE_DIR` names; skipped without it). Every reference model must parse without a parse-warning
 * refusal; executable ones either compile or are refused naming the unsupported elements.
 * The same results are tabulated in docs/conformance.md.
 */
const CORPUS = process.env.TONGBAN_CONFORMANCE_DIR;
const REFERENCE = CORPUS ? path.resolve(CORPUS, 'miwg/Reference') : '';
const describeWithCorpus = CORPUS ? describe : describe.skip;

type Expected = { compiles: string[] } | { refused: string[] };

const DESCRIPTIVE: Expected = { compiles: [] };
const EXPECTED: Record<string, Expected> = {
  'A.1.0.bpmn': DESCRIPTIVE,
  'A.2.0.bpmn': DESCRIPTIVE,
  'A.2.1.bpmn': DESCRIPTIVE,
  'A.3.0.bpmn': DESCRIPTIVE,
  'A.4.0.bpmn': DESCRIPTIVE,
  'A.4.1.bpmn': DESCRIPTIVE,
  'B.1.0.bpmn': DESCRIPTIVE,
  'B.2.0.bpmn': DESCRIPTIVE,
  'C.1.0.bpmn': {
    refused: [
      'BPMN_UNSUPPORTED_ELEMENT bpmn:ServiceTask archiveInvoice',
    ],
  },
  'C.1.1.bpmn': {
    refused: [
      'BPMN_UNSUPPORTED_ELEMENT bpmn:ServiceTask archiveInvoice',
      'BPMN_UNSUPPORTED_ELEMENT bpmn:SequenceFlow invoiceApproved',
      'BPMN_UNSUPPORTED_ELEMENT bpmn:SequenceFlow invoiceNotApproved',
      'BPMN_UNSUPPORTED_ELEMENT bpmn:SequenceFlow reviewSuccessful',
      'BPMN_UNSUPPORTED_ELEMENT bpmn:SequenceFlow reviewNotSuccessful',
    ],
  },
  'C.2.0.bpmn': DESCRIPTIVE,
  'C.3.0.bpmn': {
    refused: [
      'BPMN_UNSUPPORTED_ELEMENT bpmn:UserTask _c73a5f4a-72f1-4e11-bb40-2f98da75fb9a',
      'BPMN_UNSUPPORTED_ELEMENT bpmn:UserTask _c73a5f4a-72f1-4e11-bb40-2f98da75fb9a',
      'BPMN_UNSUPPORTED_ELEMENT bpmn:SequenceFlow _be893987-caec-4605-b078-bd96b7cd6c12',
      'BPMN_UNSUPPORTED_ELEMENT bpmn:SubProcess _cd6f230f-13c3-4027-aa3e-57de601a1ab2',
    ],
  },
  'C.4.0.bpmn': DESCRIPTIVE,
  'C.5.0.bpmn': DESCRIPTIVE,
  'C.6.0.bpmn': DESCRIPTIVE,
  'C.7.0.bpmn': DESCRIPTIVE,
  'C.8.0.bpmn': DESCRIPTIVE,
  'C.8.1.bpmn': { compiles: ['VacationRequestProcess'] },
  'C.9.0.bpmn': { compiles: ['customer_onboarding_en'] },
  'C.9.1.bpmn': { compiles: ['requestDocument_en'] },
  'C.9.2.bpmn': { compiles: ['ManualCheck'] },
};

async function compileReference(file: string): Promise<CompiledDefinitions | BpmnValidationError> {
  try {
    return await compileBpmn(readFileSync(path.join(REFERENCE, file)));
  } catch (error) {
    if (error instanceof BpmnValidationError) return error;
    throw error;
  }
}

describeWithCorpus('BPMN MIWG reference models (corpus in TONGBAN_CONFORMANCE_DIR)', () => {
  it('covers all 21 reference models', () => {
    // given / when
    const files = readdirSync(REFERENCE).filter((file) => file.endsWith('.bpmn')).sort();

    // then
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s compiles as recorded', async (file, expected) => {
    // when
    const result = await compileReference(file);

    // then
    if ('compiles' in expected) {
      expect(result).not.toBeInstanceOf(BpmnValidationError);
      expect((result as CompiledDefinitions).processes.map((process) => process.id)).toEqual(expected.compiles);
    } else {
      expect(result).toBeInstanceOf(BpmnValidationError);
      const problems = (result as BpmnValidationError).problems;
      expect(problems.map((problem) => `${problem.code} ${problem.elementType} ${problem.elementId}`)).toEqual(expected.refused);
    }
  });

  it.each(Object.keys(EXPECTED))('%s is read without a parse-warning refusal', async (file) => {
    // when
    const result = await compileReference(file);

    // then
    const problems = result instanceof BpmnValidationError ? result.problems : [];
    const parseProblems = problems.filter((problem) => ['BPMN_PARSE_WARNING', 'BPMN_NOT_XML', 'BPMN_DUPLICATE_ID', 'BPMN_DANGLING_REFERENCE'].includes(problem.code));
    expect(parseProblems).toEqual([]);
  });

  it('compiles the event subprocesses of C.9.2 with their interrupting flags', async () => {
    // when
    const model = ((await compileReference('C.9.2.bpmn')) as CompiledDefinitions).processes[0];

    // then
    expect(model.scopes.ManualCheck.eventSubprocesses).toHaveLength(3);
    expect(model.elements.StartMessageEvent_DocumentRequested).toMatchObject({
      interrupting: false,
      event: { kind: 'message', messageName: 'Message_DocumentRequested', correlationKey: 'documentReferenceId' },
    });
    expect(model.elements.CallActivity_RequestDocument.multiInstance).toEqual({ sequential: false, inputCollection: 'documents', inputElement: 'document' });
  });
});
