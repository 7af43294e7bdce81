from inclucities.cli import main

main()
