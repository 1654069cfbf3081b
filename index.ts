/**
 * The obskit Pulumi program: validate the stack's config, compose the components, export the
 * stack outputs. Resources belong to components; nothing is declared here.
 */
import { createStack, loadSettings } from "./stack";

export = async () => createStack(loadSettings());
