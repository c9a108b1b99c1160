import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { BpmnValidationError } from '@tongban/bpmn';
import { EngineError } from '@tongban/engine';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '@tongban/runtime';
import { ApiExceptionFilter, boundedErrorBody, MAX_ERROR_BODY, MAX_ERROR_TEXT } from './api-exception.filter';

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();

  it('maps domain codes to statuses and keeps their details', () => {
    expect(filter.toBody(new NotFoundError('Task', 'abc'))).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Task abc not found', details: { resource: 'Task', id: 'abc' } });
    expect(filter.toBody(new ConflictError('lost the race')).statusCode).toBe(409);
    expect(filter.toBody(new ForbiddenError('not yours')).statusCode).toBe(403);
    expect(filter.toBody(new DomainError('UNAUTHENTICATED', 'who are you')).statusCode).toBe(401);
    expect(filter.toBody(new DomainError('TASK_NOT_ACTIVE', 'done')).statusCode).toBe(409);
    expect(filter.toBody(new DomainError('BPMN_NO_START_EVENT', 'no start', { problems: [] }))).toMatchObject({ statusCode: 400, code: 'BPMN_NO_START_EVENT' });
  });

  it('maps BPMN refusals and engine errors', () => {
    const refusal = new BpmnValidationError([{ code: 'BPMN_DUPLICATE_ID', message: 'duplicate id twice', elementId: 'twice' }]);
    expect(filter.toBody(refusal)).toEqual({ statusCode: 400, code: 'BPMN_DUPLICATE_ID', message: 'duplicate id twice', details: { problems: refusal.problems } });
    expect(filter.toBody(new EngineError('WAIT_NOT_FOUND', 'gone')).statusCode).toBe(409);
    expect(filter.toBody(new EngineError('STATE_FORMAT', 'old')).statusCode).toBe(500);
  });

  it('maps Nest and body-parser errors to the same body shape', () => {
    expect(filter.toBody(new BadRequestException(['processKey must be a string']))).toEqual({
      statusCode: 400, code: 'VALIDATION_FAILED', message: 'processKey must be a string', details: { errors: ['processKey must be a string'] },
    });
    expect(filter.toBody(new NotFoundException('Cannot GET /nowhere'))).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(filter.toBody(new PayloadTooLargeException())).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(filter.toBody(Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400 }))).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
    expect(filter.toBody(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 }))).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('hides the message of anything unexpected behind a 500', () => {
    expect(filter.toBody(new TypeError('x is undefined'))).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' });
  });

  it('never echoes megabytes of input: texts, property names, lists, objects and the whole answer are cut', () => {
    // given an error whose message and details carry the input at length
    const huge = 'x'.repeat(5_000_000);
    const manyKeys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`field${i}`, huge]));
    const body = { statusCode: 400, code: 'VALIDATION_FAILED', message: `property ${huge} should not exist`, details: { [huge]: 1, errors: Array(10_000).fill(huge), fields: manyKeys } };

    // when
    const cut = boundedErrorBody(body);

    // then
    const text = JSON.stringify(cut);
    expect(text.length).toBeLessThanOrEqual(MAX_ERROR_BODY + 1000);
    expect(cut.message.length).toBeLessThan(MAX_ERROR_TEXT + 50);
    expect(cut.message).toMatch(/more characters\)$/);
    expect(cut.details).toEqual({ truncated: expect.stringContaining('left out') });
  });

  it('keeps small details whole and cuts a long list to its first hundred items', () => {
    // when
    const cut = boundedErrorBody({ statusCode: 400, code: 'X', message: 'm', details: { problems: Array.from({ length: 150 }, (_, i) => ({ elementId: `e${i}` })), [`k${'y'.repeat(300)}`]: 'v' } });

    // then
    const problems = cut.details!.problems as unknown[];
    expect(problems).toHaveLength(101);
    expect(problems[100]).toBe('… (50 more)');
    expect(Object.keys(cut.details!).find((k) => k.startsWith('k'))!.length).toBeLessThan(150);
  });
});
