import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Avatar, Box, Link, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** What the pages know about a project besides its numbers (from its producer's profile; all but the DID may be missing). */
export type ProjectIdentity = { appDid?: string; name?: string | null; logoUrl?: string | null; appUrl?: string | null };

/** The project's name, or its DID when no producer named it. */
export const projectLabel = (p: ProjectIdentity) => p.name || p.appDid || '';

// "did:app:alice-chatbot" → "A"; a name → its first letter (a whole grapheme for emoji and CJK)
function initial(p: ProjectIdentity) {
  const source = p.name || (p.appDid ?? '').replace(/^did:[^:]*:/, '');
  return Array.from(source)[0]?.toUpperCase() ?? '?';
}

// one stable colour per project, so the same initial is told apart by its colour
const PALETTE = ['#1e88e5', '#43a047', '#8e24aa', '#f4511e', '#00897b', '#6d4c41', '#3949ab', '#c0ca33'];
function colourOf(appDid = '') {
  let h = 0;
  for (const ch of appDid) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/**
 * The project's logo, or its initial when it has none or the image does not load (MUI's Avatar
 * falls back to its children). Logos are https only (the server refuses others) and load without
 * a referrer, so a logo's host learns nothing about who looks at the page.
 */
export function ProjectAvatar({ project, size = 28 }: { project: ProjectIdentity; size?: number }) {
  return (
    <Avatar src={project.logoUrl ?? undefined} alt="" variant="rounded" data-testid="project-avatar"
      slotProps={{ img: { referrerPolicy: 'no-referrer', loading: 'lazy' } }}
      sx={{ width: size, height: size, fontSize: size * 0.5, bgcolor: colourOf(project.appDid) }}>
      {initial(project)}
    </Avatar>
  );
}

/** Name over DID (the DID alone when unnamed): the list's cells and cards. */
export function ProjectNameCell({ project }: { project: ProjectIdentity }) {
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexDirection: 'column', minWidth: 0 }}>
      <Box component="span" data-testid="project-name" sx={{ wordBreak: 'break-word' }}>{projectLabel(project)}</Box>
      {project.name && (
        <Typography component="span" variant="caption" color="text.secondary" data-testid="project-did" sx={{ wordBreak: 'break-all' }}>
          {project.appDid}
        </Typography>
      )}
    </Box>
  );
}

/** The Project Detail page's heading: logo, name (or DID), the DID beneath and the app's link. */
export function ProjectHeading({ project, openApp }: { project: ProjectIdentity; openApp: ReactNode }) {
  return (
    <Stack direction="row" spacing={1.5} sx={{ mt: 1, alignItems: 'center', minWidth: 0 }}>
      <ProjectAvatar project={project} size={40} />
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="h5" component="h1" sx={{ wordBreak: 'break-word' }} data-testid="project-title">{projectLabel(project)}</Typography>
        {(project.name || project.appUrl) && (
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            {project.name && (
              <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }} data-testid="project-title-did">
                {project.appDid}
              </Typography>
            )}
            {project.appUrl && (
              <Link href={project.appUrl} target="_blank" rel="noopener noreferrer" variant="body2" underline="hover"
                sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }} data-testid="project-app-link">
                {openApp}<OpenInNewIcon sx={{ fontSize: 14 }} />
              </Link>
            )}
          </Stack>
        )}
      </Box>
    </Stack>
  );
}
