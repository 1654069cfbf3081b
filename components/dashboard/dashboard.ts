import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValid, problem } from "../errors";
import { resolveDashboardArgs, validateDashboardArgs, type DashboardArgs } from "./args";
import { bodyOf } from "./body";
import { layoutSections, type PlacedWidget } from "./layout";
import { assertValidDashboardBody } from "./validate";
import { VERSION } from "../version";

/** The console address of a dashboard. */
export function dashboardUrl(region: string, dashboardName: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(dashboardName)}`;
}

/**
 * A CloudWatch dashboard built from the package's objects: widgets take a `Metric`, an alarm of
 * the AlertingPath, a LogPipeline, a saved query or a Contributor Insights rule, never retyped
 * names. Sections are laid out on the 24-column grid automatically, and the body is validated
 * against the documented body syntax (and for overlaps) before it reaches AWS.
 */
export class Dashboard extends pulumi.ComponentResource {
  /** The obskit version that declared this component (also its children's `obskit:version` tag). */
  readonly version: pulumi.Output<string>;
  /** The dashboard resource. */
  readonly dashboard: aws.cloudwatch.Dashboard;
  /** The dashboard's name. */
  readonly dashboardName: pulumi.Output<string>;
  /** Its address in the CloudWatch console. */
  readonly url: pulumi.Output<string>;
  /** The body sent to AWS (JSON), validated. */
  readonly body: pulumi.Output<string>;
  /** Where each widget sits on the grid, in body order. */
  readonly layout: PlacedWidget[];

  constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:index:Dashboard", name, {}, opts);
    this.version = pulumi.output(VERSION);
    const stackRegion = new pulumi.Config("aws").get("region");
    const problems = validateDashboardArgs(args);
    if (args.region === undefined && stackRegion === undefined)
      problems.push(
        problem("region", undefined, "is not set and the stack has no `aws:region`", "set one of them"),
      );
    assertValid("Dashboard", name, problems);
    const a = resolveDashboardArgs(name, args, stackRegion ?? "");

    this.layout = layoutSections(a.sections);
    this.body = bodyOf(this.layout, a).apply((body) => {
      assertValidDashboardBody(a.dashboardName, body);
      return JSON.stringify(body);
    });
    this.dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      { dashboardName: a.dashboardName, dashboardBody: this.body },
      { parent: this },
    );
    this.dashboardName = this.dashboard.dashboardName;
    this.url = this.dashboardName.apply((n) => dashboardUrl(a.region, n));
    this.registerOutputs({ version: this.version, dashboardName: this.dashboardName, url: this.url });
  }
}
