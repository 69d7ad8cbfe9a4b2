package io.salespipelines.pipelines.run;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** For {@link LightJitTest}: switches the light JIT on in its own JVM and prints the JVM's directives. */
public final class LightJitProbe {
  private LightJitProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println("before allowed: " + LightJit.switchOn());
    LightJit.allowInThisJvm();
    System.out.println("switched on: " + LightJit.switchOn());
    System.out.println(
        ManagementFactory.getPlatformMBeanServer()
            .invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "compilerDirectivesPrint",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()}));
  }
}
