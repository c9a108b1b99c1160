import { TestClock } from './test-clock';

describe('TestClock', () => {
  it('stands still until it is set or advanced', () => {
    // given
    const clock = new TestClock('2030-12-31T23:59:59.000Z');

    // when
    const before = clock.now();
    const advanced = clock.advance(2_000);
    const back = clock.set('2030-06-01T00:00:00.000Z');

    // then
    expect(before.toISOString()).toBe('2030-12-31T23:59:59.000Z');
    expect(advanced.toISOString()).toBe('2031-01-01T00:00:01.000Z');
    expect(back.toISOString()).toBe('2030-06-01T00:00:00.000Z');
    expect(clock.now()).toEqual(back);
  });

  it('refuses an invalid instant and a negative advance', () => {
    // given
    const clock = new TestClock(0);

    // when / then
    expect(() => clock.set('not a date')).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(clock.now().getTime()).toBe(0);
  });
});
