/**
 * `RunnerCount.unset()`: a runner count left out of the AutoscalingRunnerSet (`minRunners`,
 * `maxRunners`), as the chart leaves it out when its values do not set it. A class rather than
 * `null`, so that every jsii language can say it.
 */
export class RunnerCount {
  /**
   * Leave the count out of the AutoscalingRunnerSet: for `minRunners` the controller then keeps no
   * idle runner, for `maxRunners` it sets no limit.
   */
  public static unset(): RunnerCount {
    return RunnerCount.UNSET;
  }

  private static readonly UNSET = new RunnerCount();

  private constructor() {}
}
