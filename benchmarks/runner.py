"""The bench runner: every agent on every task and seed, driven the same way, resumable.

Each unit of work is one episode ``(agent label, task id, seed)``. Finished episodes are appended
to ``OUT/episodes.jsonl`` as they complete (one line each, flushed), so an interrupted run leaves
a consistent file and a rerun skips what is done. At the end the runner writes
``OUT/results.json`` (config, machine, every episode, per-agent metrics), ``OUT/leaderboard.md``
and ``OUT/plot.png`` (see :mod:`benchmarks.report`).

With ``remote`` (``o1coder bench --remote URL``) the evaluation envs are
:class:`o1coder_env.remote.RemoteEnv` sessions of ``o1coder serve`` evaluation servers, one per
env id the agents play: the tasks are the servers' (``tasks``/``limit`` select among them), each
episode is judged by the hidden-test verdicts the server reports in the final ``info``, and the
agents' simulators are sessions of the same server with hidden reports off. Nothing hidden
reaches this process, so ASPR (which judges extra samples on hidden tests here) is off, and an
oracle-fed ``candidates`` generator (``mcts-candidates``) needs the same tasks locally
(``source``/``split``/``path``) for their reference steps.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from benchmarks.agents import DEFAULT_AGENTS, AgentSpec, resolve_agents

__all__ = ["BUDGETS", "CHOICE_POOL_SPLIT", "DEFAULT_LLM_LIMIT", "DEFAULT_SUITES", "SUITES",
           "BenchConfig", "EpisodeUnit", "Suite", "candidates_pool", "choice_pool",
           "effective_llm_limit",
           "load_done", "run_bench", "run_suite", "run_unit", "suite_config"]

#: Named budget levels: multipliers of the LLM agents' search/sampling settings.
BUDGETS: dict[str, float] = {"tiny": 0.25, "small": 0.5, "default": 1.0, "large": 2.0,
                             "paper": 4.0}
_SCALED = ("rollouts", "n", "max_new_tokens")

#: LLM agents' task count when neither ``limit``/``tasks`` nor ``llm_limit`` is given.
DEFAULT_LLM_LIMIT = 2


@dataclass(frozen=True)
class Suite:
    """A task set a bench run adds beside its main one, with its own agents and results.

    Attributes:
        name: The suite's name (``--suites``; results under ``OUT/suites/<name>``).
        source, path, split, limit: The task selection (as :class:`BenchConfig`'s); every agent
            of the suite runs on all of its tasks.
        agents: The suite's agents (names of :data:`benchmarks.agents.BENCH_AGENTS`).
        description: One line for the leaderboard.
        aspr_k: The suite's ASPR samples per correct path (``None``: the run's ``aspr_k``).
    """

    name: str
    source: str
    path: str | None
    split: str | None
    limit: int | None
    agents: tuple[str, ...]
    description: str
    aspr_k: int | None = None


#: Named suites. ``procedural-l1-3``: the model agents where a 135M model has signal (the
#: built-in suite is out of its reach), on 6 procedural test tasks: 2 families x levels 1-3.
SUITES: dict[str, Suite] = {
    suite.name: suite
    for suite in (
        Suite("procedural-l1-3", "procedural", "families=arith,min_max;levels=1-3;count=1",
              "test", None, ("random", "vanilla-greedy", "pseudo-greedy"),
              "procedural tasks at levels 1-3 (2 families x 3 levels), where small models "
              "have signal", aspr_k=0),  # ASPR samples cost ~4 x 384 tokens per solved task
    )
}

#: The suites a bare ``o1coder bench`` (``make bench``) adds to the built-in suite. Adding a
#: suite to the default job is one line here.
DEFAULT_SUITES: tuple[str, ...] = ("procedural-l1-3",)


def effective_llm_limit(config: BenchConfig) -> int | None:
    """How many of the selected tasks the LLM agents run on (``None`` = all of them)."""
    if config.llm_limit is None:
        # An explicit task selection is the user's choice for every agent.
        return None if (config.limit is not None or config.tasks) else DEFAULT_LLM_LIMIT
    return config.llm_limit or None


@dataclass
class BenchConfig:
    """Everything a bench run depends on (saved in ``results.json``).

    Attributes:
        agents: Names of :data:`benchmarks.agents.BENCH_AGENTS` (or ``package.module:Class``).
        custom_agents: ``package.module:Class`` targets added with ``--agent``.
        source: Task source (``builtin``, ``humaneval``, ``mbpp``...).
        path: Local file for the source, if it needs one.
        split: Split of the source (``None`` = all).
        limit: At most this many tasks (after ``tasks``).
        tasks: Explicit task ids (overrides ``limit`` order).
        llm_limit: Tasks (the first of the task list) on which the LLM agents run; ``0`` = all.
            ``None`` (unset): the same tasks as every agent when ``limit`` or ``tasks`` is
            given, else the first :data:`DEFAULT_LLM_LIMIT`. LLM agents are slow on a CPU
            (SmolLM2-135M: ~20 tokens/s on 2 cores); 2 tasks keep the default run under 10
            minutes, but a user's explicit ``--limit`` must apply to every agent.
        seeds: Episode seeds; each agent runs each task once per seed (pass@k uses them).
        workers: Parallel worker processes (1 = in this process).
        executor: ``local`` (a process pool) or ``ray``.
        executor_address: Ray address (``auto``, ``ray://host:port``) for ``executor="ray"``.
        out: Output directory.
        generator: The LLM backend for ``generator="llm"`` agents: ``hf`` or ``openai``.
        model: Model id/path/alias for the LLM backend.
        base_url: OpenAI-compatible server URL (``openai`` backend).
        budget: Budget level (:data:`BUDGETS`): scales rollouts, samples and tokens of LLM agents.
        max_steps: The envs' step limit.
        aspr_k: Code-step samples per correct path for ASPR (0 disables it).
        reward_tests: Test source of the agents' own simulators (``public`` or ``tcg``).
        suites: Names of :data:`SUITES` run after the main task set, each with its own agents,
            into ``OUT/suites/<name>`` (``results.json`` keeps them under ``"suites"``).
        remote: ``o1coder serve`` URLs of evaluation servers (``[]``: local envs). Each agent
            plays on the server that serves its env id; the servers' tasks are the run's.
    """

    agents: list[str] = field(default_factory=lambda: list(DEFAULT_AGENTS))
    custom_agents: list[str] = field(default_factory=list)
    source: str = "builtin"
    path: str | None = None
    split: str | None = "test"
    limit: int | None = None
    tasks: list[str] | None = None
    llm_limit: int | None = None
    seeds: list[int] = field(default_factory=lambda: [0])
    workers: int = 1
    executor: str = "local"
    executor_address: str | None = None
    out: str = "bench-out"
    generator: str = "hf"
    model: str = "smollm2-135m"
    base_url: str | None = None
    budget: str = "default"
    max_steps: int = 4
    aspr_k: int = 4
    reward_tests: str = "public"
    suites: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.budget not in BUDGETS:
            raise ValueError(f"budget must be one of {list(BUDGETS)}, got {self.budget!r}")
        if self.workers < 1:
            raise ValueError(f"workers must be >= 1, got {self.workers}")
        if not self.seeds:
            raise ValueError("seeds must name at least one seed")
        if self.executor not in ("local", "ray"):
            raise ValueError(f"executor must be 'local' or 'ray', got {self.executor!r}")
        if self.generator not in ("hf", "openai"):
            raise ValueError(f"generator must be 'hf' or 'openai', got {self.generator!r}")
        if self.aspr_k < 0:
            raise ValueError(f"aspr_k must be >= 0, got {self.aspr_k}")
        if self.max_steps < 1:
            raise ValueError(f"max_steps must be >= 1, got {self.max_steps}")
        resolve_agents(list(self.agents), list(self.custom_agents))  # fail early on bad names
        unknown = [name for name in self.suites if name not in SUITES]
        if unknown:
            raise ValueError(f"unknown suite(s) {unknown}; known: {list(SUITES)}")
        if self.remote:
            if self.aspr_k:
                raise ValueError(
                    f"aspr_k={self.aspr_k} with a remote env: ASPR judges extra code samples "
                    "on the hidden tests in this process, and a remote env never sends them; "
                    "use --aspr-k 0 (the default with --remote)")
            if self.suites:
                raise ValueError(f"suites {self.suites} load their tasks locally; a remote "
                                 "bench plays the servers' tasks (use --suites none)")
            if self.reward_tests != "public":
                raise ValueError("over a remote env the agents' simulators are sessions of its "
                                 "server and score on public tests: reward_tests must be "
                                 f"'public', got {self.reward_tests!r}")

    def specs(self) -> list[AgentSpec]:
        """The agent specs, with LLM settings scaled by the budget level."""
        factor = BUDGETS[self.budget]
        out = []
        for spec in resolve_agents(list(self.agents), list(self.custom_agents)):
            if spec.generator == "llm" and factor != 1.0:
                settings = dict(spec.settings)
                for key in _SCALED:
                    if key in settings:
                        settings[key] = max(1, round(settings[key] * factor))
                spec = replace(spec, settings=settings)
            out.append(spec)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class EpisodeUnit:
    """One episode to run: which agent, which task, which seed."""

    label: str
    task_id: str
    seed: int

    @property
    def key(self) -> str:
        """The unit's resume key."""
        return f"{self.label}\t{self.task_id}\t{self.seed}"


# --- worker side: everything is rebuilt from the config, cached per process -----------------

_CACHE: dict[Any, Any] = {}


def _tasks(config: BenchConfig) -> list[Any]:
    key = ("tasks", config.source, config.path, config.split, tuple(config.tasks or ()),
           config.limit)
    if key not in _CACHE:
        from o1coder_env.tasks import load_tasks

        _CACHE[key] = load_tasks(config.source, split=config.split, path=config.path,
                                 task_ids=config.tasks, limit=config.limit)
    return _CACHE[key]


def _remote_envs(config: BenchConfig) -> dict[str, Any]:
    """The remote evaluation envs of ``config.remote``, by the env id each server serves.

    Raises:
        ValueError: When a server cannot be reached (the URL is named), two serve the same
            env id, or one cannot judge episodes (it reports no hidden-test verdicts).
    """
    key = ("remote", tuple(config.remote))
    if key not in _CACHE:
        from o1coder_env.remote import RemoteEnv, RemoteEnvError

        envs: dict[str, Any] = {}
        for url in config.remote:
            try:
                env = RemoteEnv(url)
            except (RemoteEnvError, ValueError) as exc:
                raise ValueError(f"--remote {url}: {exc}") from None
            if env.env_id in envs:
                raise ValueError(f"--remote {url} and --remote {envs[env.env_id].url} both "
                                 f"serve {env.env_id}; give one server per env id")
            if not env.reward_config.get("report_hidden"):
                raise ValueError(
                    f"--remote {url} serves {env.env_id} without hidden-test verdicts "
                    "(report_hidden false), so its episodes cannot be judged; serve an "
                    "evaluation env: --env-kwargs '{\"evaluation\": true}'")
            envs[env.env_id] = env
        _CACHE[key] = envs
    return dict(_CACHE[key])


def _remote_env(config: BenchConfig, env_id: str) -> Any:
    """The remote env serving ``env_id``; checks its step limit against ``max_steps``."""
    from benchmarks.agents import DIRECT_ENV

    envs = _remote_envs(config)
    env = envs.get(env_id)
    if env is None:
        users = sorted(s.label for s in config.specs() if s.env_id == env_id)
        raise ValueError(f"agent(s) {users} play {env_id}, which no --remote server serves "
                         f"(served: {sorted(envs)}); start one with `o1coder serve --env "
                         f"{env_id} ...` and add its URL to --remote")
    if env_id != DIRECT_ENV and env.max_steps != config.max_steps:
        raise ValueError(
            f"--remote {env.url} serves {env_id} with {env.max_steps} steps per episode, the "
            f"bench's --max-steps is {config.max_steps}: serve with --env-kwargs "
            f"'{{\"max_steps\": {config.max_steps}, \"max_episode_steps\": "
            f"{config.max_steps + 1}}}' or pass --max-steps {env.max_steps}")
    return env


def _task_ids(config: BenchConfig) -> list[str]:
    """The run's task ids: the local tasks', or (remote) those the servers serve."""
    if not config.remote:
        return [t.task_id for t in _tasks(config)]
    envs = _remote_envs(config)
    served = list(next(iter(envs.values())).task_ids)
    if config.tasks:
        unknown = [t for t in config.tasks if t not in served]
        if unknown:
            raise ValueError(f"task(s) {unknown} are not among the {len(served)} tasks served "
                             f"at {next(iter(envs.values())).url}")
        ids = list(config.tasks)
    else:
        ids = served
    if config.limit is not None:
        ids = ids[:config.limit]
    for env in envs.values():
        missing = [i for i in ids if i not in env.task_ids]
        if missing:
            raise ValueError(f"--remote {env.url} ({env.env_id}) does not serve task(s) "
                             f"{missing[:5]}; every server of a bench must serve its tasks")
    return ids


def _llm(config: BenchConfig) -> Any:
    key = ("llm", config.generator, config.model, config.base_url)
    if key not in _CACHE:
        from agents.generators import make_generator

        if config.generator == "openai":
            kwargs: dict[str, Any] = {"model": config.model}
            if config.base_url:
                kwargs["base_url"] = config.base_url
            _CACHE[key] = make_generator("openai", **kwargs)
        else:
            _CACHE[key] = make_generator("hf", model=config.model)
    return _CACHE[key]


def _generator(config: BenchConfig, spec: AgentSpec, seed: int) -> Any:
    if spec.generator is None:
        return None
    if spec.generator == "candidates":
        pool = candidates_pool(config, spec)
        key = ("candidates", tuple(t.task_id for t in pool), config.source, seed)
        if key not in _CACHE:
            from agents.generators import make_generator

            # Built on the Choice env's pool (the train split minus the evaluated tasks), never
            # on the evaluated tasks: an evaluated task is unknown to it, so it gets other tasks'
            # steps only, never its reference step or mutants of its reference. So it needs no
            # reference of a served task either: over a remote env it plays unchanged.
            _CACHE[key] = make_generator("candidates", tasks=pool, seed=seed,
                                         unknown_tasks="pool")
        return _CACHE[key]
    return _llm(config)


def candidates_pool(config: BenchConfig, spec: AgentSpec) -> list[Any]:
    """The pool of a ``candidates``-generator agent: :func:`choice_pool`, which must not be empty.

    Raises:
        ValueError: When the source has no train split (HumanEval) or all of its train tasks
            are evaluated, naming the agent to leave out.
    """
    pool = choice_pool(config)
    if not pool:
        raise ValueError(
            f"agent {spec.label!r} draws its candidate steps from the {CHOICE_POOL_SPLIT!r} "
            f"split of source {config.source!r} minus the evaluated tasks, which leaves no task "
            "(the source has no train split, or every train task is evaluated); leave the "
            "agent out (--agents ...)"
        )
    return pool


#: The split whose tasks give the Choice env its wrong candidates (other tasks' steps).
CHOICE_POOL_SPLIT = "train"


def choice_pool(config: BenchConfig) -> list[Any]:
    """The tasks whose reference steps the Choice env offers as wrong candidates.

    The train split of the run's source, without any evaluated task, as in self-play: built
    from the evaluated tasks, ``info["candidates"]`` would show other test tasks' reference
    outlines and programs. A source without a train split gives an empty pool: the candidates
    are then the task's own mutants and other steps (see :mod:`o1coder_env.step_candidates`).
    """
    key = ("choice-pool", config.source, config.path, id(_tasks(config)))
    if key not in _CACHE:
        from o1coder_env.step_candidates import candidate_pool_tasks

        _CACHE[key] = candidate_pool_tasks(config.source, split=CHOICE_POOL_SPLIT,
                                           path=config.path,
                                           exclude=[t.task_id for t in _tasks(config)])
    return list(_CACHE[key])


def env_family(env_id: str) -> str:
    """``"direct"``, ``"choice"`` or ``"steps"``: the env class behind any version of an id.

    Every version of an env (``O1Coder-Direct-v0`` ... ``-v2``) is the same class, so a user's
    spec naming an older id is made the same way as the bench's own (newest) ids.

    Raises:
        gymnasium.error.Error: For an id that is not registered (Gymnasium's message).
    """
    import gymnasium as gym

    import o1coder_env  # noqa: F401  (registers the envs)

    entry = str(gym.spec(env_id).entry_point)
    if entry.endswith(":O1CoderDirectEnv"):
        return "direct"
    if entry.endswith(":O1CoderChoiceEnv"):
        return "choice"
    return "steps"


def _env(config: BenchConfig, env_id: str) -> Any:
    if config.remote:
        return _remote_env(config, env_id)
    key = ("env", env_id, id(_tasks(config)), config.max_steps)
    if key not in _CACHE:
        import gymnasium as gym

        from o1coder_env.envs import step_limits

        # The direct env has exactly one step by definition; it takes no step limit. The others
        # get Gymnasium's TimeLimit raised with max_steps, or it cuts episodes above 8 steps.
        family = env_family(env_id)
        kwargs: dict[str, Any] = {} if family == "direct" else dict(step_limits(config.max_steps))
        if family == "choice":
            from o1coder_env.step_candidates import CandidateProposer

            kwargs["proposer"] = CandidateProposer(choice_pool(config))
        # evaluation=True: the newest ids train by default; the bench evaluates (the given
        # tasks, hidden verdicts reported), as -v0 did.
        _CACHE[key] = gym.make(env_id, tasks=_tasks(config), evaluation=True, **kwargs)
    return _CACHE[key]


def run_unit(config: BenchConfig, unit: EpisodeUnit) -> dict[str, Any]:
    """Run one episode and return its JSON-ready record (ASPR samples included).

    Everything (tasks, envs, generators) is built from ``config`` and cached in the process, so
    this works the same in this process, a pool worker or a Ray task.
    """
    from agents.base import run_episode
    from agents.baselines import make_agent

    spec = next(s for s in config.specs() if s.label == unit.label)
    env = _env(config, spec.env_id)
    generator = _generator(config, spec, unit.seed)
    agent = make_agent(spec.agent, mode=spec.mode, **spec.settings)
    agent.name = spec.label
    record = run_episode(agent, env, unit.task_id, unit.seed, generator=generator,
                         reward_tests=config.reward_tests, max_steps=config.max_steps)
    out = record.to_dict()
    out["aspr"] = None
    if config.aspr_k and generator is not None and record.mode in ("pseudocode", "direct"):
        out["aspr"] = _aspr_samples(config, env, generator, record, unit.seed)
    return out


def _aspr_samples(config: BenchConfig, env: Any, generator: Any, record: Any,
                  seed: int) -> dict[str, Any] | None:
    """Sample the code step ``aspr_k`` times on the agent's path, if that path is correct.

    A path is *correct* when its code step passes every public test (what the agent could know);
    the samples are judged on the hidden tests. Returns ``None`` when the path is not correct.
    """
    if not (record.public and record.public.get("passed")) or len(record.steps) < 1:
        return None
    from agents.generators import Prompt, Sampling
    from o1coder_env.protocol import extract_code
    from o1coder_env.protocol.prompts import build_step_messages, task_problem_text
    from o1coder_env.sandbox import Job, get_default_sandbox

    task = next(t for t in _tasks(config) if t.task_id == record.task_id)
    prefix = tuple(record.steps[:-1])
    problem = task_problem_text(task)
    mode = "direct" if record.mode == "direct" else "pseudocode"
    prompt = Prompt(messages=build_step_messages(problem, list(prefix), mode=mode),
                    task_id=task.task_id, steps=prefix, mode=mode)
    sampling = Sampling(temperature=0.8, top_p=0.95, top_k=40, max_new_tokens=384, seed=seed)
    samples = generator.generate([prompt], n=config.aspr_k, sampling=sampling)[0]
    jobs = []
    for sample in samples:
        code = extract_code(sample.text) or ""
        jobs.append(Job(code, task.hidden_tests, entry_point=task.entry_point,
                        setup_code=task.setup_code))
    reports = get_default_sandbox().run_batch(jobs)
    passed = sum(r.all_passed for r in reports)
    return {"k": len(reports), "passed": passed, "rate": passed / len(reports) if reports else 0.0}


# --- driver side ----------------------------------------------------------------------------

def plan_units(config: BenchConfig) -> list[EpisodeUnit]:
    """Every episode of the run, in a deterministic order."""
    task_ids = _task_ids(config)
    if not task_ids:
        where = (f"served at {config.remote}" if config.remote else
                 f"source={config.source!r}, split={config.split!r}, path={config.path!r}")
        raise ValueError(f"no tasks selected ({where})")
    if config.remote:  # every agent's server is there (and fits), before any episode
        for spec in config.specs():
            _env(config, spec.env_id)
    llm_limit = effective_llm_limit(config)
    llm_ids = task_ids if llm_limit is None else task_ids[:llm_limit]
    units = []
    for spec in config.specs():
        ids = llm_ids if spec.llm_subset else task_ids
        for task_id in ids:
            for seed in config.seeds:
                units.append(EpisodeUnit(spec.label, task_id, seed))
    return units


def load_done(path: Path) -> dict[str, dict[str, Any]]:
    """Read finished episodes from ``episodes.jsonl`` (a torn last line is ignored)."""
    done: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # an interrupted write; that episode simply runs again
            unit = EpisodeUnit(row["agent"], row["task_id"], int(row["seed"]))
            done[unit.key] = row
    return done


def _append(path: Path, row: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, default=str) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def machine_info() -> dict[str, Any]:
    """Where the run happened (for the leaderboard's footnote)."""
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count()}
    try:
        import torch

        info["torch"] = torch.__version__
        info["cuda"] = torch.cuda.is_available()
    except ImportError:
        pass
    return info


def _execute(config: BenchConfig, units: Sequence[EpisodeUnit]) -> Iterator[dict[str, Any]]:
    """Run units through the configured executor, yielding records as they finish.

    ``run_unit`` is looked up here at call time, so the executor ships whatever this module's
    ``run_unit`` is (the tests inject a worker-killing wrapper this way).
    """
    from agents.executors import make_executor

    with make_executor(config.executor, workers=config.workers,
                       address=config.executor_address) as executor:
        yield from executor.map(functools.partial(run_unit, config), units)


def run_bench(
    config: BenchConfig,
    *,
    progress: bool = True,
    on_episode: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run a bench and write its files; returns the ``results.json`` content.

    Args:
        config: The run.
        progress: Show a progress bar with ETA on stderr.
        on_episode: Called with each finished episode record.
    """
    from benchmarks.report import summarize, write_reports

    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    episodes_path = out / "episodes.jsonl"
    config_path = out / "config.json"
    if config_path.exists() and episodes_path.exists():
        previous = json.loads(config_path.read_text(encoding="utf-8"))
        if _identity(previous) != _identity(config.to_dict()):
            raise ValueError(
                f"{out} holds episodes of a different bench configuration; "
                "use another --out or delete that directory"
            )
    config_path.write_text(json.dumps(config.to_dict(), indent=2), encoding="utf-8")

    units = plan_units(config)
    for spec in config.specs():
        if spec.generator == "candidates":
            candidates_pool(config, spec)  # refuse before any episode runs, not in a worker
    done = load_done(episodes_path)
    todo = [u for u in units if u.key not in done]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(units), initial=len(units) - len(todo), desc="bench",
                   unit="episode", dynamic_ncols=True)
    start = time.perf_counter()
    try:
        for row in _execute(config, todo):
            _append(episodes_path, row)
            done[EpisodeUnit(row["agent"], row["task_id"], int(row["seed"])).key] = row
            if on_episode is not None:
                on_episode(row)
            if bar is not None:
                bar.set_postfix_str(f"{row['agent']} {row['task_id']}", refresh=False)
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        _close_remote(config)
    wanted = {u.key for u in units}
    episodes = sorted((r for k, r in done.items() if k in wanted),
                      key=lambda r: (r["agent"], r["task_id"], r["seed"]))
    results = {
        "config": config.to_dict(),
        "agents": [s.to_dict() for s in config.specs()],
        "machine": machine_info(),
        "wall_s": time.perf_counter() - start,
        "summary": summarize(episodes, [s.label for s in config.specs()]),
        "choice_pool": _choice_pool_note(config),
        "episodes": episodes,
    }
    if config.suites:
        results["suites"] = {name: run_suite(config, name, progress=progress,
                                             on_episode=on_episode)
                             for name in config.suites}
    write_reports(results, out)
    return results


def _close_remote(config: BenchConfig) -> None:
    """End this process's sessions on the run's servers (they free their slots)."""
    if config.remote:
        for env in _CACHE.pop(("remote", tuple(config.remote)), {}).values():
            env.close()


def suite_config(config: BenchConfig, name: str) -> BenchConfig:
    """The config of suite ``name`` within ``config``'s run (same model, seeds, budget)."""
    suite = SUITES[name]
    return replace(config, source=suite.source, path=suite.path, split=suite.split,
                   limit=suite.limit, tasks=None, llm_limit=0, agents=list(suite.agents),
                   custom_agents=[], suites=[], out=str(Path(config.out) / "suites" / name),
                   aspr_k=config.aspr_k if suite.aspr_k is None else suite.aspr_k)


def run_suite(config: BenchConfig, name: str, *, progress: bool = True,
              on_episode: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Run one suite into ``OUT/suites/<name>``; returns its results with its description."""
    results = run_bench(suite_config(config, name), progress=progress, on_episode=on_episode)
    return {"name": name, "description": SUITES[name].description, **results}


def _choice_pool_note(config: BenchConfig) -> dict[str, Any] | None:
    """Where the Choice env's wrong candidates came from (``None`` when no agent used it)."""
    choice_ids = [s.env_id for s in config.specs() if env_family(s.env_id) == "choice"]
    if not choice_ids:
        return None
    if config.remote:
        proposer = _remote_envs(config)[choice_ids[0]].spec_data.get("proposer")
        return {"remote": True, **(proposer or {"split": None, "tasks": None})}
    return {"split": CHOICE_POOL_SPLIT, "tasks": len(choice_pool(config))}


def _identity(config: dict[str, Any]) -> dict[str, Any]:
    """The part of a config that decides what an episode means (not how it is run)."""
    ignore = {"workers", "executor", "executor_address", "out", "agents", "custom_agents",
              "limit", "tasks", "llm_limit", "seeds", "suites"}
    return {k: v for k, v in config.items() if k not in ignore}
