import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

describe('compensation', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('compensation');
  });

  function booked(): Instance {
    const instance = new Instance(model).start();
    instance.completeJob('reserveSlot');
    instance.completeJob('chargeFee');
    return instance;
  }

  it('runs the handlers of completed activities in reverse order and waits for them', () => {
    // given
    const instance = booked();

    // when
    instance.completeTask('confirm', { cancelled: true });

    // then
    expect(instance.ofType('job.created').map((j) => j.jobType)).toEqual(['slot.reserve', 'fee.charge', 'fee.refund']);
    expect(instance.active).toEqual(['refundFee', 'undo']);

    // when
    instance.completeJob('refundFee');

    // then
    expect(instance.ofType('job.created').map((j) => j.jobType).slice(3)).toEqual(['slot.release']);
    expect(instance.status).toBe('active');

    // when
    instance.completeJob('releaseSlot');

    // then
    expect(instance.status).toBe('completed');
    expect(instance.history('element.left')).toContain('undone');
  });

  it('does nothing to compensate when the instance completes normally', () => {
    // given
    const instance = booked();

    // when
    instance.completeTask('confirm', { cancelled: false });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('job.created')).toHaveLength(2);
  });
});

describe('compensation event subprocess', () => {
  it('compensates a completed subprocess by running its compensation event subprocess with the variables it ended with', async () => {
    // given
    const instance = new Instance(await fixture('compensation-subprocess')).start({ fee: 80 });
    instance.completeTask('charge');

    // when
    instance.completeTask('review', { rejected: true });

    // then
    expect(instance.ofType('task.created').find((t) => t.elementId === 'refund')).toMatchObject({ variables: { amount: 80 } });
    expect(instance.active).toEqual(['refund', 'rollback', 'undoPay']);

    // when
    instance.completeTask('refund');

    // then
    expect(instance.status).toBe('completed');
  });
});
