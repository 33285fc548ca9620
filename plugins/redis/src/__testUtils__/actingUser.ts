import { act } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/**
 * user-event drives the hoisted @testing-library/dom 10, which @testing-library/react 14 (on its
 * own dom 9) does not configure to wrap events in act(): each action is wrapped here instead.
 */
export function actingUser() {
  const user = userEvent.setup();
  return {
    click: (element: Element) => act(() => user.click(element)),
    keyboard: (keys: string) => act(() => user.keyboard(keys)),
    tab: () => act(() => user.tab()),
    type: (element: Element, text: string) =>
      act(() => user.type(element, text)),
    /** Focuses `element` and pastes `text` in one input event. */
    paste: async (element: HTMLElement, text: string) => {
      await act(() => user.click(element));
      await act(() => user.paste(text));
    },
  };
}
