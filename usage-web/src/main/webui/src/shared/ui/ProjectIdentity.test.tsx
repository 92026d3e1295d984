import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../testing/render';
import { ProjectAvatar, ProjectHeading, ProjectNameCell, projectLabel } from './ProjectIdentity';

const named = { appDid: 'did:app:alice-search', name: 'Knowledge Search', logoUrl: 'https://cdn.example/k.png', appUrl: 'https://search.example' };
const unnamed = { appDid: 'did:app:alice-agents', name: null, logoUrl: null, appUrl: null };

describe('ProjectIdentity', () => {
  it('labels a project by its name, by its DID when it has none', () => {
    expect(projectLabel(named)).toBe('Knowledge Search');
    expect(projectLabel(unnamed)).toBe('did:app:alice-agents');
    expect(projectLabel({ appDid: 'did:app:x', name: '' })).toBe('did:app:x');
  });

  it('shows the DID beneath a name, and the DID alone (once) without one', () => {
    renderPage(<><ProjectNameCell project={named} /><ProjectNameCell project={unnamed} /></>);
    expect(screen.getAllByTestId('project-name').map((e) => e.textContent)).toEqual(['Knowledge Search', 'did:app:alice-agents']);
    expect(screen.getAllByTestId('project-did').map((e) => e.textContent)).toEqual(['did:app:alice-search']);
  });

  it("falls back to the initial of the name or of the DID's last part", () => {
    renderPage(<><ProjectAvatar project={unnamed} /><ProjectAvatar project={{ appDid: 'did:app:z', name: '数据助手' }} /></>);
    expect(screen.getAllByTestId('project-avatar').map((e) => e.textContent)).toEqual(['A', '数']);
  });

  it('loads a logo without a referrer and opens the app in a new tab without an opener', () => {
    renderPage(<ProjectHeading project={named} openApp="Open app" />);
    expect(screen.getByTestId('project-title')).toHaveTextContent('Knowledge Search');
    expect(screen.getByTestId('project-title-did')).toHaveTextContent('did:app:alice-search');
    const link = screen.getByTestId('project-app-link');
    expect(link).toHaveAttribute('href', 'https://search.example');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(link).toHaveAttribute('target', '_blank');
    // jsdom never loads or fails an image, so MUI keeps the img in place
    const img = screen.getByTestId('project-avatar').querySelector('img');
    expect(img).toHaveAttribute('src', 'https://cdn.example/k.png');
    expect(img).toHaveAttribute('referrerpolicy', 'no-referrer');
  });

  it('shows neither DID line nor link for an unnamed project without an app URL', () => {
    renderPage(<ProjectHeading project={unnamed} openApp="Open app" />);
    expect(screen.getByTestId('project-title')).toHaveTextContent('did:app:alice-agents');
    expect(screen.queryByTestId('project-title-did')).toBeNull();
    expect(screen.queryByTestId('project-app-link')).toBeNull();
  });
});
