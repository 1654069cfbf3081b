import { TYPE } from "../../../model";
import { HOURS_PER_MONTH } from "../assumptions";
import { arr, fmt, num, obj, str } from "../read";
import type { PricingContext } from "../pricing";

/** Fargate tasks, EC2 instances and Application Load Balancers: hours and capacity units. */
export function priceCompute(ctx: PricingContext): void {
  const { ofType, add, a, prices, notPriced } = ctx;
  // Fargate: vCPU and GB hours from the task definitions and desired counts
  for (const svc of ofType("awsx:ecs:FargateService")) {
    const td = obj(svc.inputs.taskDefinitionArgs);
    const cpu = num(td.cpu);
    const mem = num(td.memory);
    const count = num(svc.inputs.desiredCount) ?? 1;
    if (cpu === undefined || mem === undefined) {
      notPriced.push({ resource: svc.name, type: svc.type, reason: "task size not in the plan" });
      continue;
    }
    const arch = str(obj(td.runtimePlatform).cpuArchitecture) === "ARM64" ? "arm64" : "x86_64";
    const vcpuHours = (cpu / 1024) * count * HOURS_PER_MONTH;
    const gbHours = (mem / 1024) * count * HOURS_PER_MONTH;
    const sizing = `${count} task${count === 1 ? "" : "s"} × ${cpu / 1024} vCPU / ${mem / 1024} GB × ${HOURS_PER_MONTH} h`;
    add(
      "Fargate",
      `vCPU ${svc.name} (${arch})`,
      [svc.name],
      `fargate.vcpu.${arch}`,
      vcpuHours,
      `${fmt(vcpuHours)} vCPU-hours`,
      [sizing],
    );
    add(
      "Fargate",
      `memory ${svc.name} (${arch})`,
      [svc.name],
      `fargate.memory.${arch}`,
      gbHours,
      `${fmt(gbHours)} GB-hours`,
      [sizing],
    );
  }

  // EC2: instance hours and gp3 volumes
  for (const inst of ofType(TYPE.instance)) {
    const type = str(inst.inputs.instanceType) ?? "";
    if (prices.items[`ec2.${type}`])
      add(
        "EC2",
        `instance ${inst.name} (${type})`,
        [inst.name],
        `ec2.${type}`,
        HOURS_PER_MONTH,
        `${HOURS_PER_MONTH} hours`,
      );
    else
      notPriced.push({
        resource: inst.name,
        type: inst.type,
        reason: `no price for instance type ${type} in ${prices.region}.json`,
      });
    for (const dev of [obj(inst.inputs.rootBlockDevice), ...arr(inst.inputs.ebsBlockDevices).map(obj)]) {
      const size = num(dev.volumeSize);
      if (size === undefined) continue;
      const vt = str(dev.volumeType) ?? "gp3";
      if (vt === "gp3")
        add("EC2", `gp3 volume ${inst.name} (${size} GB)`, [inst.name], "ebs.gp3", size, `${size} GB-month`);
      else
        notPriced.push({ resource: inst.name, type: inst.type, reason: `${vt} volume: only gp3 is priced` });
    }
  }

  // Application Load Balancers: hours and LCUs
  for (const lb of ofType(TYPE.loadBalancer)) {
    const type = str(lb.inputs.loadBalancerType) ?? "application";
    if (type !== "application") {
      notPriced.push({ resource: lb.name, type: lb.type, reason: `${type} load balancers are not priced` });
      continue;
    }
    add(
      "Elastic Load Balancing",
      `ALB ${lb.name}`,
      [lb.name],
      "elb.alb.hour",
      HOURS_PER_MONTH,
      `${HOURS_PER_MONTH} hours`,
    );
    const lcuHours = a.albLcus * HOURS_PER_MONTH;
    add(
      "Elastic Load Balancing",
      `LCUs ${lb.name}`,
      [lb.name],
      "elb.alb.lcu",
      lcuHours,
      `${fmt(lcuHours)} LCU-hours`,
      [`${a.albLcus} LCU on average (assumed)`],
    );
  }
}
