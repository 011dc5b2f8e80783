// jsdom ships without types and @types/jsdom is not installed: the harness needs only this much.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string, options?: { pretendToBeVisual?: boolean; url?: string })
    readonly window: Window & typeof globalThis
  }
}
