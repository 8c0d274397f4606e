/**
 * The controller's RBAC rules, exactly as the controller chart 0.14.2 writes them (rule order and
 * verb order included). Pure data.
 */
import { PolicyRule } from '../k8s';
import { API_GROUP } from './constants';

const ALL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS = ['get', 'patch', 'update'];
const FINALIZERS = ['patch', 'update'];
const WATCH = ['list', 'watch'];

const arc = (resource: string, verbs: string[]): PolicyRule => ({ apiGroups: [API_GROUP.arc], resources: [resource], verbs });
const core = (resource: string, verbs: string[]): PolicyRule => ({ apiGroups: [API_GROUP.core], resources: [resource], verbs });
const rbac = (resource: string, verbs: string[]): PolicyRule => ({ apiGroups: [API_GROUP.rbac], resources: [resource], verbs });

/** The ClusterRole of a controller that watches every namespace. */
export function managerClusterRules(): PolicyRule[] {
  return [
    arc('autoscalingrunnersets', ALL),
    arc('autoscalingrunnersets/finalizers', FINALIZERS),
    arc('autoscalingrunnersets/status', STATUS),
    arc('autoscalinglisteners', ALL),
    arc('autoscalinglisteners/status', STATUS),
    arc('autoscalinglisteners/finalizers', FINALIZERS),
    arc('ephemeralrunnersets', ALL),
    arc('ephemeralrunnersets/status', STATUS),
    arc('ephemeralrunnersets/finalizers', FINALIZERS),
    arc('ephemeralrunners', ALL),
    arc('ephemeralrunners/finalizers', FINALIZERS),
    arc('ephemeralrunners/status', STATUS),
    core('pods', WATCH),
    core('serviceaccounts', WATCH),
    rbac('rolebindings', WATCH),
    rbac('roles', [...WATCH, 'patch']),
  ];
}

/** The Role in the controller's own namespace, where it runs the listeners. */
export function listenerRules(): PolicyRule[] {
  return [
    core('pods', ['create', 'delete', 'get']),
    core('pods/status', ['get']),
    core('secrets', ['create', 'delete', 'get', 'patch', 'update']),
    core('serviceaccounts', ['create', 'delete', 'get', 'patch', 'update']),
  ];
}

/** Single-namespace mode: the Role in the controller's namespace (listeners, and watches). */
export function singleNamespaceControllerRules(): PolicyRule[] {
  return [
    arc('autoscalinglisteners', ALL),
    arc('autoscalinglisteners/status', STATUS),
    arc('autoscalinglisteners/finalizers', FINALIZERS),
    core('pods', WATCH),
    core('serviceaccounts', WATCH),
    rbac('rolebindings', WATCH),
    rbac('roles', WATCH),
    arc('autoscalingrunnersets', WATCH),
    arc('ephemeralrunnersets', WATCH),
    arc('ephemeralrunners', WATCH),
  ];
}

/** Single-namespace mode: the Role in the watched namespace, where the scale sets live. */
export function singleNamespaceWatchRules(): PolicyRule[] {
  return [
    arc('autoscalingrunnersets', ALL),
    arc('autoscalingrunnersets/finalizers', FINALIZERS),
    arc('autoscalingrunnersets/status', STATUS),
    arc('ephemeralrunnersets', ALL),
    arc('ephemeralrunnersets/status', STATUS),
    arc('ephemeralrunnersets/finalizers', FINALIZERS),
    arc('ephemeralrunners', ALL),
    arc('ephemeralrunners/finalizers', FINALIZERS),
    arc('ephemeralrunners/status', STATUS),
    arc('autoscalinglisteners', WATCH),
    core('pods', WATCH),
    core('serviceaccounts', WATCH),
    rbac('rolebindings', WATCH),
    rbac('roles', [...WATCH, 'patch']),
  ];
}

/** Leader election, written when more than one replica runs (the lease, and the events it records). */
export function leaderElectionRules(): PolicyRule[] {
  return [
    { apiGroups: [API_GROUP.coordination], resources: ['leases'], verbs: ['get', 'watch', 'list', 'delete', 'update', 'create'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}
