import { newId } from './ids.js';
import { assertTransition, RESOURCE_TRANSITIONS, type ResourceStatus } from './transitions.js';

export interface ResourceRecord {
  id: string;
  stack_id: string;
  resource_type: string;
  resource_id: string;
  logical_id: string;
  status: ResourceStatus;
  properties: Record<string, unknown>;
  tags: Record<string, string>;
  stack_name: string;
  cloudformation_status: string | null;
  status_reason: string | null;
}

export interface ResourceDescription {
  readonly stackName: string;
  readonly resourceType: string;
  readonly logicalId: string;
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
  readonly tags: Record<string, string>;
  readonly cloudformationStatus: string | null;
}

export class Resource {
  readonly id = newId();
  private currentStatus: ResourceStatus = 'creating';
  statusReason: string | null = null;

  constructor(
    readonly stackId: string,
    readonly description: ResourceDescription,
  ) {}

  get status(): ResourceStatus {
    return this.currentStatus;
  }

  transition(to: ResourceStatus, reason: string | null = null): void {
    assertTransition(
      RESOURCE_TRANSITIONS,
      `Resource ${this.description.logicalId}`,
      this.currentStatus,
      to,
    );
    this.currentStatus = to;
    this.statusReason = reason;
  }

  /** The resource a record describes, to carry on where another process left it. */
  static fromRecord(record: ResourceRecord): Resource {
    const resource = new Resource(record.stack_id, {
      stackName: record.stack_name,
      resourceType: record.resource_type,
      logicalId: record.logical_id,
      physicalId: record.resource_id,
      properties: record.properties,
      tags: record.tags,
      cloudformationStatus: record.cloudformation_status,
    });
    Object.assign(resource, { id: record.id });
    resource.currentStatus = record.status;
    resource.statusReason = record.status_reason;
    return resource;
  }

  toRecord(): ResourceRecord {
    const d = this.description;
    return {
      id: this.id,
      stack_id: this.stackId,
      resource_type: d.resourceType,
      resource_id: d.physicalId,
      logical_id: d.logicalId,
      status: this.currentStatus,
      properties: d.properties,
      tags: d.tags,
      stack_name: d.stackName,
      cloudformation_status: d.cloudformationStatus,
      status_reason: this.statusReason,
    };
  }
}
