/**
 * The part of jStat (npm `jstat`, no bundled types) that the report's statistics use: quantiles
 * and distribution functions of Student's t, χ², F and the studentized range.
 */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...parameters: number[]): number;
    inv(p: number, ...parameters: number[]): number;
  }
  interface JStat {
    /** Student's t: cdf(x, dof), inv(p, dof) */
    studentt: Distribution;
    /** χ²: cdf(x, dof), inv(p, dof) */
    chisquare: Distribution;
    /** F: cdf(x, df1, df2), inv(p, df1, df2) */
    centralF: Distribution;
    /** the studentized range: cdf(q, nmeans, dof), inv(p, nmeans, dof) */
    tukey: Distribution;
    /** normal: cdf(x, mean, sd), inv(p, mean, sd) */
    normal: Distribution;
  }
  const jStat: JStat;
  export default jStat;
}
