package dev.sculptor.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How to start one service process: enough to start it again after a crash. */
record ServiceSpec(String name, List<String> command, Map<String, String> env, int port) {

  ServiceSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  /** The same program under another name, port and extra settings (a second search-worker, say). */
  ServiceSpec another(String newName, int newPort, Map<String, String> extraEnv) {
    Map<String, String> merged = new LinkedHashMap<>(env);
    merged.putAll(extraEnv);
    return new ServiceSpec(newName, command, merged, newPort);
  }

  /** The same program run by another launcher ({@code command}'s first word). */
  ServiceSpec runBy(String launcher) {
    List<String> replaced = new ArrayList<>(command);
    replaced.set(0, launcher);
    return new ServiceSpec(name, replaced, env, port);
  }
}
