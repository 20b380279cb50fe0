/** One panel of the workbench: built once, shown when its nav entry is chosen. */
export interface Panel {
  readonly id: string;
  readonly title: string;
  readonly element: HTMLElement;
  /** Called each time the panel becomes visible (e.g. to lay out a chart or editor). */
  activate?(): void;
}
