import { RedisOutageLog } from './redis-outage.log';

describe('RedisOutageLog', () => {
  const refused = new Error('connect ECONNREFUSED 127.0.0.1:6390');
  const recorder = () => {
    const lines: string[] = [];
    return { lines, logger: { warn: (m: string) => lines.push(`warn ${m}`), log: (m: string) => lines.push(`log ${m}`) } };
  };

  it('reports an outage of many workers retrying many times once, and its end once', () => {
    // given
    const { lines, logger } = recorder();
    const outage = new RedisOutageLog(logger);
    const workers = ['continuation', 'calls', 'timers', 'messages', 'signals', 'job-results', 'control'];

    // when: every worker fails to reconnect six times, then all are back
    for (let attempt = 0; attempt < 6; attempt++) for (const worker of workers) outage.connectionError(worker, refused);
    for (let i = 0; i < workers.length; i++) outage.ready();

    // then
    expect(lines).toEqual([
      'warn Redis unreachable (connect ECONNREFUSED 127.0.0.1:6390): workers reconnect on their own',
      'log Redis reachable again: workers resumed',
    ]);
  });

  it('reports a second outage after the first has ended', () => {
    // given
    const { lines, logger } = recorder();
    const outage = new RedisOutageLog(logger);
    outage.connectionError('timers', refused);
    outage.ready();

    // when
    outage.connectionError('timers', refused);

    // then
    expect(lines.filter((line) => line.startsWith('warn'))).toHaveLength(2);
  });

  it('leaves errors other than a lost connection to the caller, every time', () => {
    // given
    const { lines, logger } = recorder();
    const outage = new RedisOutageLog(logger);

    // when
    const handled = [1, 2].map(() => outage.connectionError('timers', new Error('NOSCRIPT No matching script')));

    // then
    expect(handled).toEqual([false, false]);
    expect(lines).toEqual([]);
  });

  it('says nothing when a connection becomes ready without an outage (the first connect)', () => {
    // given
    const { lines, logger } = recorder();
    const outage = new RedisOutageLog(logger);

    // when
    outage.ready();

    // then
    expect(lines).toEqual([]);
  });
});
