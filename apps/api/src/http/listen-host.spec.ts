import { resolveListenHost } from './listen-host';

describe('resolveListenHost', () => {
  it('listens on loopback in demo mode when HOST is unset', () => {
    // given
    const env = {};

    // when
    const listen = resolveListenHost(env, true);

    // then
    expect(listen).toEqual({ host: '127.0.0.1' });
  });

  it('listens on every interface in production mode when HOST is unset', () => {
    // given
    const env = {};

    // when
    const listen = resolveListenHost(env, false);

    // then
    expect(listen).toEqual({ host: '0.0.0.0' });
  });

  it.each(['0.0.0.0', '::', '192.168.1.20'])('warns that demo accounts are reachable when demo mode listens on %s', (host) => {
    // given
    const env = { HOST: host };

    // when
    const listen = resolveListenHost(env, true);

    // then
    expect(listen.host).toBe(host);
    expect(listen.warning).toMatch(/demo accounts .* reachable from other machines/);
  });

  it.each(['127.0.0.1', '127.0.1.1', 'localhost', '::1'])('does not warn when demo mode listens on loopback %s', (host) => {
    // given
    const env = { HOST: host };

    // when
    const listen = resolveListenHost(env, true);

    // then
    expect(listen).toEqual({ host });
  });

  it('listens where HOST says in production mode without a warning', () => {
    // given
    const env = { HOST: '10.0.0.5' };

    // when
    const listen = resolveListenHost(env, false);

    // then
    expect(listen).toEqual({ host: '10.0.0.5' });
  });
});
