import { OwnEchoes } from './own-echoes';

/** A relay is woken by every notification except the echo of a ring it already answered. */
describe('OwnEchoes', () => {
  it('lets pass one notification of an own backend per ring, and wakes for the next', () => {
    // given: two own pool connections, and one ring
    const echoes = new OwnEchoes();
    echoes.own(101);
    echoes.own(102);
    echoes.rang();

    // when / then: the ring's echo (from either own connection) is let pass, a second one wakes
    expect(echoes.wakes(102)).toBe(false);
    expect(echoes.wakes(101)).toBe(true);
  });

  it('wakes for another process\'s notification even while an echo is expected', () => {
    // given
    const echoes = new OwnEchoes();
    echoes.own(101);
    echoes.rang();

    // when / then: 999 is not one of this process's backends; the expected echo stays expected
    expect(echoes.wakes(999)).toBe(true);
    expect(echoes.wakes(101)).toBe(false);
  });

  it('wakes for an own notification no ring announced, once the echoes expected are forgotten, and for a closed connection\'s id', () => {
    // given
    const echoes = new OwnEchoes();
    echoes.own(101);
    echoes.own(102);
    echoes.rang();
    echoes.rang();

    // when
    echoes.forget();
    echoes.disown(102);

    // then
    expect(echoes.wakes(101)).toBe(true);
    echoes.rang();
    expect(echoes.wakes(102)).toBe(true);
    expect(echoes.wakes(101)).toBe(false);
  });
});
