import type { Routes } from "../api-call.js";
import type { AppAuthority } from "../app-authority.js";
import type { BlobServer } from "../blob-server.js";
import { accessRoutes } from "./access-routes.js";
import { appRoutes } from "./app-routes.js";
import { checkRoutes } from "./check-routes.js";
import { commentRoutes } from "./comment-routes.js";
import { contentRoutes } from "./content-routes.js";
import { deploymentRoutes } from "./deployment-routes.js";
import { dispatchRoutes, type RunNamer } from "./dispatch-routes.js";
import { environmentRoutes } from "./environment-routes.js";
import { issueRoutes } from "./issue-routes.js";
import { pullRoutes } from "./pull-routes.js";
import { repoRoutes } from "./repo-routes.js";
import { runRoutes } from "./run-routes.js";
import { userRoutes } from "./user-routes.js";

/** Every operation the fake answers, by operationId. */
export function allRoutes(input: { authority: AppAuthority; blobs: BlobServer; permissions: Record<string, string>; runName: RunNamer | undefined }): Routes {
  return {
    ...appRoutes(input.authority, input.permissions),
    ...repoRoutes,
    ...contentRoutes,
    ...checkRoutes,
    ...deploymentRoutes,
    ...environmentRoutes,
    ...dispatchRoutes(input.runName),
    ...runRoutes(input.blobs),
    ...commentRoutes,
    ...issueRoutes,
    ...pullRoutes,
    ...accessRoutes,
    ...userRoutes(input.permissions),
  };
}
