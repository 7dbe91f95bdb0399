import { pageSource } from '../../src/sources/page';
import { openSource } from '../support/channels';
import { CountingWindow } from '../support/fakes';

describe('pageSource (window "beforeunload")', () => {
  it('reports beforeunload, and only that', () => {
    const window = new CountingWindow();
    const { taken } = openSource(pageSource(window));

    window.dispatchEvent(new Event('unload'));
    window.dispatchEvent(new Event('beforeunload'));

    expect(taken()).toEqual([{ kind: 'page', event: 'beforeunload' }]);
  });

  it('reports synchronously, inside the dispatch (the browser gives no second chance)', () => {
    const window = new CountingWindow();
    const { taken } = openSource(pageSource(window));
    let seenDuringDispatch: unknown[] = [];
    window.addEventListener('beforeunload', () => (seenDuringDispatch = taken()));

    window.dispatchEvent(new Event('beforeunload'));

    expect(seenDuringDispatch).toEqual([{ kind: 'page', event: 'beforeunload' }]);
  });

  it('after close(), no listener is left on the window', () => {
    const window = new CountingWindow();
    const { channel, taken } = openSource(pageSource(window));
    expect(window.listenerCount('beforeunload')).toBe(1);

    channel.close();

    expect(window.listenerCount('beforeunload')).toBe(0);
    window.dispatchEvent(new Event('beforeunload'));
    expect(taken()).toEqual([]);
  });
});
