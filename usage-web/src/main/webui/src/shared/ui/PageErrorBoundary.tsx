import { Component, type ReactNode } from 'react';
import { NetworkErrorPage } from './ErrorPages';

/**
 * A page that cannot be shown (its code failed to load, typically offline or after a new
 * deployment) gets the friendly page with Reload instead of a blank screen.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    return this.state.failed ? <NetworkErrorPage /> : this.props.children;
  }
}
